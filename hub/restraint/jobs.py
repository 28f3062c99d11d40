"""Scheduled work of the restraint module (run by ``manage.py run_periodic``)."""

from __future__ import annotations


def purge_unconfirmed_imports(log=print) -> int:
    from hub.restraint.services import purge_unconfirmed_imports as purge

    discarded = purge()
    log(f"{discarded} unconfirmed restraint returns discarded")
    return discarded


def register(registry) -> None:
    registry.register_periodic_job(
        "restraint.purge_unconfirmed_imports",
        purge_unconfirmed_imports,
        description="Deletes uploaded restraint returns that were checked but not confirmed within a day.",
    )
