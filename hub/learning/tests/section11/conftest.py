"""A small Section 11 round for the tests: agencies A and B asked about three standards."""

import pytest

from hub.learning.tests.section11.factories import make_assessment, make_round, make_standards


@pytest.fixture
def standards(db):
    return make_standards(3)


@pytest.fixture
def round_(personas, standards):
    return make_round([personas.agency_a, personas.agency_b], standards=standards)


@pytest.fixture
def draft(round_, personas):
    """Agency A's empty draft."""
    return make_assessment(round_, personas.agency_a)


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """``with after_commit():`` runs what the code queued for after commit (e-mails) on leaving the block."""

    def _after_commit():
        return django_capture_on_commit_callbacks(execute=True)

    return _after_commit
