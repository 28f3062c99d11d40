import pytest

from hub.governance.models import Membership
from hub.governance.tests.factories import make_group, make_meeting, make_membership
from hub.testing import make_user


@pytest.fixture
def group(db):
    return make_group("Neglect Group", slug="neglect", short_name="Neglect")


@pytest.fixture
def member(personas, group):
    person = make_user("member@example.org", agency=personas.agency_a, first_name="Mina", last_name="Member")
    make_membership(group, person, role=Membership.Role.MEMBER)
    return person


@pytest.fixture
def meeting(group):
    return make_meeting(group)
