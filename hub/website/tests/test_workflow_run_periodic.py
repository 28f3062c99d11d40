"""``manage.py run_periodic`` runs every registered periodic job, and carries on past a failing one."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hub.core.registry import Registry, registry


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("run_periodic", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def jobs(monkeypatch):
    """A registry of our own, so the test does not run the real jobs."""
    test_registry = Registry()
    monkeypatch.setattr(registry, "periodic_jobs", test_registry.periodic_jobs)
    return registry


def test_the_website_registers_scheduled_publishing():
    assert "website.publish_scheduled" in registry.periodic_jobs
    assert registry.periodic_jobs["website.publish_scheduled"].description


def test_every_job_runs_and_reports_its_lines(jobs):
    calls = []
    jobs.register_periodic_job("a.first", lambda log: (calls.append("first"), log("did one thing")))
    jobs.register_periodic_job("b.second", lambda log: calls.append("second"))

    out, _ = run()

    assert calls == ["first", "second"]
    assert "a.first:\n  did one thing\n" in out
    assert "b.second:" in out


def test_a_failing_job_does_not_stop_the_others_but_fails_the_command(jobs):
    calls = []

    def broken(log):
        raise RuntimeError("mail server unreachable")

    jobs.register_periodic_job("a.broken", broken)
    jobs.register_periodic_job("b.fine", lambda log: calls.append("fine"))

    with pytest.raises(CommandError, match="These periodic jobs failed: a.broken"):
        run()
    assert calls == ["fine"]


def test_one_job_can_be_run_by_name(jobs):
    calls = []
    jobs.register_periodic_job("a.one", lambda log: calls.append("one"))
    jobs.register_periodic_job("b.two", lambda log: calls.append("two"))

    run("--job", "b.two")

    assert calls == ["two"]


def test_an_unknown_job_name_is_refused_with_the_way_to_list_them(jobs):
    jobs.register_periodic_job("a.one", lambda log: None)

    with pytest.raises(CommandError, match="No periodic job is called nope.job. Run with --list"):
        run("--job", "nope.job")


def test_list_names_the_jobs_without_running_them(jobs):
    calls = []
    jobs.register_periodic_job("a.one", lambda log: calls.append("one"), description="Does the first thing.")

    out, _ = run("--list")

    assert out == "a.one: Does the first thing.\n"
    assert calls == []
