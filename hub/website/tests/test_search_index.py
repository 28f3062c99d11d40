"""The full-text index behind /search/ and the library's text query, kept in step with changes."""

from __future__ import annotations

import pytest

from hub.website.models import ResourcePage
from hub.website.search import normalise_query, ranked_matches
from hub.website.tests.factories import build_site, make_resource, make_theme
from hub.website.tests.library_support import pdf_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return build_site()


def _found(query: str) -> list[str]:
    pks = [pk for pk, _ in ranked_matches(ResourcePage.objects.live(), normalise_query(query))]
    titles = dict(ResourcePage.objects.filter(pk__in=pks).values_list("pk", "title"))
    return [titles[pk] for pk in pks]


def test_words_only_inside_a_file_are_found_through_the_index(client, home):
    document = pdf_document("Escalation", text="The quorate panel escalates disagreements")
    make_resource(home.library, title="Resolving disagreements", summary="How partners agree.", document=document)

    assert _found("quorate") == ["Resolving disagreements"]
    assert "Resolving disagreements" in client.get("/search/", {"q": "quorate"}).content.decode()
    assert "Resolving disagreements" in client.get("/resources/", {"q": "quorate"}).content.decode()


def test_every_word_must_match_and_a_match_in_the_title_ranks_first(home):
    make_resource(home.library, title="Supervision notes", summary="Notes on neglect cases.")
    make_resource(home.library, title="Neglect toolkit", summary="A toolkit for practitioners.")
    make_resource(home.library, title="Neglect and housing", summary="Housing and neglect together.")

    assert _found("neglect")[0] in {"Neglect toolkit", "Neglect and housing"}
    assert _found("neglect")[-1] == "Supervision notes"
    assert _found("neglect housing") == ["Neglect and housing"]


def test_replacing_a_files_text_updates_the_resources_offering_it(home):
    document = pdf_document("Guide", text="chronology templates")
    make_resource(home.library, title="Chronology guide", document=document)

    document.extracted_text = "genogram examples"
    document.save()

    assert _found("genogram") == ["Chronology guide"]
    assert _found("chronology templates") == []


def test_renaming_a_theme_updates_the_resources_in_it(home):
    theme = make_theme("Exploitation")
    make_resource(home.library, title="County lines briefing", themes=[theme])

    theme.name = "Criminal exploitation"
    theme.save()

    assert _found("criminal") == ["County lines briefing"]


def test_unpublished_and_deleted_resources_are_not_found(home):
    kept = make_resource(home.library, title="Kept parenting guide")
    unpublished = make_resource(home.library, title="Withdrawn parenting guide")
    deleted = make_resource(home.library, title="Deleted parenting guide")

    unpublished.unpublish()
    deleted.delete()

    assert _found("parenting") == [kept.title]


def test_a_query_without_words_finds_nothing(home):
    make_resource(home.library, title="Anything")

    assert _found("' \" -- ()") == []
