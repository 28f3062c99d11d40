import pytest

from hub.learning.tests.assurance.factories import make_template


@pytest.fixture
def template(db):
    return make_template()
