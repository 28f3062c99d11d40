import pytest
from django.urls import reverse

from hub.governance.services import add_paper
from hub.governance.tests.factories import make_group, ooxml_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(personas, meeting):
    return add_paper(
        actor=personas.business_unit,
        meeting=meeting,
        title="Exception report",
        file=upload("Exception report.pdf", pdf_bytes()),
    )


def _url(paper):
    return reverse("governance:paper-download", args=[paper.meeting.group.slug, paper.uuid])


def test_a_member_downloads_the_paper_as_an_attachment_with_its_type(client_for, member, paper):
    response = client_for(member).get(_url(paper))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Exception report.pdf"'
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_a_word_document_is_served_with_the_word_content_type(client_for, personas, member, meeting):
    paper = add_paper(actor=None, meeting=meeting, title="Terms", file=upload("terms.docx", ooxml_bytes()))
    response = client_for(member).get(_url(paper))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_business_unit_may_download(client_for, personas, paper):
    assert client_for(personas.business_unit).get(_url(paper)).status_code == 200


def test_non_members_get_404(client_for, personas, paper):
    for person in (personas.outsider, personas.practitioner, personas.executive, personas.spoc_a):
        assert client_for(person).get(_url(paper)).status_code == 404


def test_a_paper_under_another_groups_address_is_not_found(client_for, member, paper):
    url = reverse("governance:paper-download", args=[make_group().slug, paper.uuid])
    assert client_for(member).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, paper):
    response = client.get(_url(paper))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))
