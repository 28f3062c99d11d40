"""Whatever is typed into search becomes plain words; the words are marked safely in the results."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub.website.search import MAX_QUERY_LENGTH, highlight, normalise_query, snippet
from hub.website.tests.factories import build_site, make_resource


def test_punctuation_operators_and_case_are_dropped_leaving_words():
    query = normalise_query('  "Neglect" AND (child-exploitation) OR 1=1; DROP TABLE pages;--  ')

    assert query.text == '"Neglect" AND (child-exploitation) OR 1=1; DROP TABLE pages;--'
    assert query.terms == ("neglect", "and", "child", "exploitation", "or", "1", "drop", "table", "pages")


def test_apostrophes_keep_the_word_before_them_and_unicode_letters_count():
    assert normalise_query("child’s voice").terms == ("child", "voice")
    assert normalise_query("Réunion café naïve").terms == ("réunion", "café", "naïve")


def test_a_query_with_no_words_is_empty():
    for raw in ("", "   ", "!?*", '""', None, "\x00\x01"):
        assert not normalise_query(raw)


def test_long_queries_are_cut_and_say_so():
    query = normalise_query("word " * 100)

    assert query.truncated is True
    assert len(query.text) <= MAX_QUERY_LENGTH
    assert query.terms == ("word",)


def test_highlighting_escapes_first_and_marks_whole_words_from_their_start():
    marked = highlight("Neglected <children> & neglect, but not unneglectful", ["neglect"])

    assert marked == ("<mark>Neglected</mark> &lt;children&gt; &amp; <mark>neglect</mark>, but not unneglectful")


def test_highlighting_never_breaks_an_escaped_character():
    assert highlight("fish & chips", ["amp"]) == "fish &amp; chips"
    assert highlight("a < b", ["lt"]) == "a &lt; b"


def test_a_snippet_is_the_passage_around_the_first_match():
    text = " ".join(f"word{number}" for number in range(200)) + " neglect " + " ".join("tail" for _ in range(100))

    passage, matched = snippet(text, ["neglect"], length=120)

    assert matched is True
    assert "neglect" in passage
    assert passage.startswith("…") and passage.endswith("…")
    assert len(passage) <= 122


def test_a_snippet_without_a_match_is_the_start_of_the_text():
    passage, matched = snippet("Short text about something else.", ["neglect"])

    assert (passage, matched) == ("Short text about something else.", False)


@pytest.fixture
def searchable_site(db):
    # Built once for the test; hypothesis then runs every example against it.
    home = build_site()
    make_resource(home.library, title="Neglect toolkit", summary="Recognising neglect early.")
    return home


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.one_of(
        st.text(max_size=300),
        st.text(alphabet=st.sampled_from("\"'()*:-+^~|&!<>%_\\;= ANDORNOTNEAR"), max_size=60),
        st.sampled_from(["neglect*", '"neglect', "NEAR(neglect abuse)", "' OR 1=1 --", "\u202e\u0000", "🙂 neglect"]),
    )
)
def test_any_query_gives_a_page_from_search_and_the_library(client, searchable_site, query):
    query = query.replace("\x00", "")  # the test client cannot send a NUL in a query string
    assert client.get("/search/", {"q": query}).status_code == 200
    assert client.get("/resources/", {"q": query}).status_code == 200
