"""``assert_same_query_count`` catches pages whose queries grow with their rows."""

import pytest
from django.db import connection
from django.http import HttpResponse

from hub.testing import assert_same_query_count

pytestmark = pytest.mark.django_db


class PageClient:
    """Stands in for the test client: each GET runs ``queries_for(rows)`` queries."""

    def __init__(self, queries_for):
        self.rows = 0
        self.queries_for = queries_for

    def add_rows(self, count):
        self.rows += count

    def get(self, url):
        with connection.cursor() as cursor:
            for _ in range(self.queries_for(self.rows)):
                cursor.execute("SELECT 1")
        return HttpResponse(f"{self.rows} rows")


def test_a_page_with_a_fixed_number_of_queries_passes_and_returns_the_larger_page():
    client = PageClient(lambda rows: 3)

    response = assert_same_query_count(client, "/list/", client.add_rows)

    assert client.rows == 50
    assert response.content == b"50 rows"


def test_a_page_querying_once_per_row_fails_and_lists_the_queries():
    client = PageClient(lambda rows: 2 + rows)

    with pytest.raises(AssertionError, match=r"ran 3 queries with 1 row\(s\) but 52 with 50") as failure:
        assert_same_query_count(client, "/list/", client.add_rows)

    assert "52. SELECT 1" in str(failure.value)


def test_a_page_that_does_not_answer_200_fails():
    class MissingPageClient(PageClient):
        def get(self, url):
            return HttpResponse(status=404)

    client = MissingPageClient(lambda rows: 0)

    with pytest.raises(AssertionError, match="answered 404"):
        assert_same_query_count(client, "/list/", client.add_rows)
