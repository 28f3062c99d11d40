"""Other apps publish a file to the resource library through ``publish_resource``: one page per slug,
a new revision and document on each publication, the upload checks applied."""

from __future__ import annotations

from datetime import date

import pytest

from hub.core.errors import DomainError
from hub.website.models import HubDocument, ResourcePage
from hub.website.publishing import ResourceType, find_resource, publish_resource
from hub.website.tests.factories import build_site
from hub.website.tests.library_support import pdf_with_text

pytestmark = pytest.mark.django_db


def _publish(content: bytes, **fields):
    values = {
        "slug": "yearly-report-2021-22",
        "title": "Yearly report 2021/22",
        "summary": "What the partners did in 2021/22.",
        "resource_type": ResourceType.ANNUAL_REPORT,
        "file_name": "yearly-report-2021-22.pdf",
        "content": content,
        "publication_date": date(2022, 9, 20),
    }
    return publish_resource(**(values | fields))


def test_publishing_creates_a_live_resource_with_the_document_and_its_text(personas):
    home = build_site()
    page = _publish(pdf_with_text("Neglect remained our first priority"), actor=personas.business_unit)
    assert page.live
    assert page.get_parent().specific == home.library
    assert (page.resource_type, page.publication_date, page.summary) == (
        "annual-report",
        date(2022, 9, 20),
        "What the partners did in 2021/22.",
    )
    assert page.document.title == "Yearly report 2021/22"
    assert page.document.uploaded_by_user == personas.business_unit
    assert "Neglect remained our first priority" in page.document.extracted_text
    assert page.get_latest_revision().user == personas.business_unit
    assert find_resource("yearly-report-2021-22") == page


def test_publishing_the_same_slug_again_publishes_a_new_revision_of_the_same_page():
    build_site()
    first = _publish(pdf_with_text("First edition"))
    second = _publish(pdf_with_text("Second edition"), summary="Corrected.")
    assert second.pk == first.pk
    assert ResourcePage.objects.count() == 1
    assert second.revisions.count() == 2
    assert second.summary == "Corrected."
    assert "Second edition" in second.document.extracted_text
    # The first document stays, so the first revision still holds the file it was published with.
    assert HubDocument.objects.count() == 2


def test_a_file_the_library_would_refuse_is_refused_and_nothing_is_published():
    build_site()
    with pytest.raises(DomainError, match="The file could not be published"):
        _publish(b"<html>not a pdf</html>")
    assert not ResourcePage.objects.exists()
    assert not HubDocument.objects.exists()


def test_a_site_without_a_resource_library_is_told_so():
    with pytest.raises(DomainError, match="The website has no resource library page"):
        _publish(b"%PDF-1.7")
