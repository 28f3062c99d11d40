"""The website's demo content: the seed's site structure, written for the demo, loaded idempotently.

The core and website loaders run once for the module (inside a transaction rolled back at the
end, with time frozen on the demo's reference day); each test then looks at the result in its own
savepoint, so what one test changes is undone before the next.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page, Revision

from hub.core.models import Theme
from hub.core.registry import registry
from hub.website import demo
from hub.website.demo_files import DOCX, PDF
from hub.website.library import popular_resources
from hub.website.models import (
    AudiencePage,
    BriefingUse,
    BulletinPage,
    ContentPage,
    HomePage,
    HubDocument,
    NewsPage,
    ProceduresPage,
    ResourceDownloadDay,
    ResourcePage,
    TopicPage,
    WebsiteSettings,
)

pytestmark = pytest.mark.django_db

# The day the demo is loaded in these tests; review dates are checked against it.
TODAY = date(2026, 11, 26)
LOADERS = {"core", "website"}


def run_loaders() -> str:
    out = StringIO()
    own = [row for row in registry.demo_loaders if row[1] in LOADERS]
    everything = registry.demo_loaders
    registry.demo_loaders = own
    try:
        call_command("load_demo", stdout=out)
    finally:
        registry.demo_loaders = everything
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker, demo_media):
    """The loaders' output; their records stay in the database until the module's tests end."""
    travel = time_machine.travel(timezone.make_aware(datetime(2026, 11, 26, 9, 0)), tick=False)
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=demo_media), travel, transaction.atomic():
        output = run_loaders()
        yield output
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _demo_day_and_files(loaded, _isolated_media, settings, demo_media):
    # The generated files are in the module's media folder, not the per-test one.
    settings.MEDIA_ROOT = demo_media
    with time_machine.travel(timezone.make_aware(datetime(2026, 11, 26, 9, 30)), tick=False):
        yield


def test_the_home_page_has_the_seed_structure_under_it(loaded):
    home = HomePage.objects.get()
    children = {page.slug: type(page.specific) for page in home.get_children().live().specific()}

    assert home.url == "/"
    assert {
        "professionals",
        "parents-and-carers",
        "children-and-young-people",
        "topics",
        "resources",
        "news",
        "procedures",
        "bulletins",
        "accessibility-statement",
        "privacy",
        "about-us",
    } <= set(children)
    assert children["accessibility-statement"] is ContentPage
    assert children["privacy"] is ContentPage


def test_every_practice_theme_has_a_live_topic_page_with_written_text(loaded):
    themes = Theme.objects.filter(is_active=True)
    topics = {page.theme_id: page for page in TopicPage.objects.live()}

    assert len(themes) >= 10
    assert set(topics) == {theme.pk for theme in themes}
    for theme in themes:
        page = topics[theme.pk]
        assert page.url == f"/topics/{theme.slug}/"
        assert page.introduction
        assert page.body, theme.slug


def test_each_audience_page_has_helpful_text_and_links_that_resolve(loaded):
    for page in AudiencePage.objects.live():
        assert len(page.introduction) > 40
        text = " ".join(str(block.value) for block in page.body)
        assert len(text) > 500, page.slug
        for block in page.body:
            if block.block_type == "links":
                assert block.value, f"{page.slug}: a list of links lost its pages"
                assert all(item["page"] is not None or item["url"] for item in block.value)


def test_there_are_sixty_resources_of_every_type_with_audiences_themes_and_dates(loaded):
    resources = list(ResourcePage.objects.live().prefetch_related("themes"))

    assert len(resources) >= 60
    assert {resource.resource_type for resource in resources} == set(ResourcePage.ResourceType.values)
    for resource in resources:
        assert resource.summary and resource.themes.all(), resource.slug
        assert resource.audiences, resource.slug
        assert resource.publication_date <= TODAY
        assert resource.review_date is not None
        assert resource.document_id or resource.external_url, resource.slug
    assert any(resource.for_parents for resource in resources)
    assert any(resource.for_young_people for resource in resources)


def test_some_resources_are_past_their_review_date_and_most_are_not(loaded):
    past = ResourcePage.objects.filter(review_date__lt=TODAY).count()

    assert 5 <= past < ResourcePage.objects.count() / 2


def test_most_resources_carry_a_real_pdf_or_word_file_with_its_text_extracted(loaded):
    from docx import Document
    from pypdf import PdfReader

    with_files = ResourcePage.objects.exclude(document=None).select_related("document")
    assert with_files.count() >= 0.75 * ResourcePage.objects.count()
    kinds = set()
    for resource in with_files:
        document = resource.document
        with document.file.open("rb") as handle:
            data = handle.read()
        if document.file.name.endswith(".pdf"):
            kinds.add(PDF)
            reader = PdfReader(io.BytesIO(data))
            assert reader.metadata.title == resource.title
            assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged for screen readers
        else:
            kinds.add(DOCX)
            assert Document(io.BytesIO(data)).core_properties.title == resource.title
        assert resource.title in document.extracted_text.replace("\n", " ")
        assert len(data) < 100_000
    assert kinds == {PDF, DOCX}


def test_a_few_resources_are_videos_or_pages_on_other_sites(loaded):
    links = ResourcePage.objects.filter(document=None).exclude(external_url="")

    assert links.filter(resource_type=ResourcePage.ResourceType.VIDEO).count() >= 3
    assert links.filter(external_url__startswith="https://www.gov.uk/").exists()


def test_briefing_uses_are_recorded_for_several_briefings_in_2021_22(loaded):
    uses = BriefingUse.objects.filter(used_on__range=(date(2021, 4, 1), date(2022, 3, 31)))

    assert uses.values("briefing").distinct().count() >= 5
    assert uses.count() >= 20
    assert not BriefingUse.objects.exclude(used_on__range=(date(2021, 4, 1), date(2022, 3, 31))).exists()
    assert all(use.briefing.is_briefing for use in uses.select_related("briefing"))


def test_downloads_give_the_home_page_a_list_of_popular_resources(loaded):
    popular = popular_resources(limit=5, days=365)

    assert len(popular) == 5
    assert popular[0].recent_downloads >= popular[-1].recent_downloads > 0
    for resource in ResourcePage.objects.exclude(document=None):
        total = sum(ResourceDownloadDay.objects.filter(resource=resource).values_list("count", flat=True))
        assert resource.download_count == total


def test_whats_new_has_twenty_items_across_2021_and_2022_linking_to_resources(loaded):
    news = NewsPage.objects.live()

    assert news.count() >= 20
    assert {item.date.year for item in news} == {2021, 2022}
    linked = [item for item in news if any(block.block_type == "links" for block in item.body)]
    assert len(linked) >= 10
    assert all(item.first_published_at.date() == item.date for item in news)


def test_the_procedures_page_has_its_amendments_log(loaded):
    page = ProceduresPage.objects.live().get()

    assert page.url == "/procedures/"
    assert page.procedures_url.startswith("https://")
    assert page.amendments.count() >= 8
    assert list(page.amendments.values_list("date", flat=True)) == sorted(
        page.amendments.values_list("date", flat=True), reverse=True
    )


def test_no_telephone_number_is_made_up_for_the_website_settings(loaded):
    settings = WebsiteSettings.load()

    assert settings.children_services_phone == ""
    assert settings.out_of_hours_phone == ""
    assert settings.police_non_emergency == "101"


def test_running_the_loaders_again_changes_nothing(loaded):
    before = {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": list(HubDocument.objects.order_by("pk").values_list("pk", "file")),
        "uses": BriefingUse.objects.count(),
        "downloads": ResourceDownloadDay.objects.count(),
    }

    output = run_loaders()

    after = {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": list(HubDocument.objects.order_by("pk").values_list("pk", "file")),
        "uses": BriefingUse.objects.count(),
        "downloads": ResourceDownloadDay.objects.count(),
    }
    assert after == before
    assert "(0 new files, 0 remade)" in output
    assert "pages: 0 created, 0 updated" in output


def test_a_changed_text_remakes_only_that_file_in_the_same_document(loaded, monkeypatch):
    resource = ResourcePage.objects.select_related("document").get(slug="neglect-practice-guidance")
    old_name = resource.document.file.name
    changed = [
        demo.DemoResource(**{**vars(item), "sections": (("Purpose", "Words written after the first load."),)})
        if item.slug == "neglect-practice-guidance"
        else item
        for item in demo.RESOURCES
    ]
    monkeypatch.setattr(demo, "RESOURCES", tuple(changed))

    output = run_loaders()

    resource.document.refresh_from_db()
    assert "(0 new files, 1 remade)" in output
    assert resource.document.file.name != old_name
    assert "Words written after the first load." in resource.document.extracted_text
    assert not resource.document.file.storage.exists(old_name)


def test_an_editors_change_to_a_demo_page_is_put_back_on_the_next_load(loaded):
    page = TopicPage.objects.get(slug="neglect")
    page.introduction = "Changed while trying the demo."
    page.save_revision().publish()

    run_loaders()

    page.refresh_from_db()
    assert page.introduction == demo.TOPICS["neglect"].introduction


def test_three_bulletin_issues_are_built_from_the_demo_content(loaded):
    demo.load_bulletins(lambda line: None)

    issues = BulletinPage.objects.live().order_by("issue_date")
    assert issues.count() == 3
    for issue in issues:
        kinds = [block.block_type for block in issue.items]
        assert kinds[0] == "text"
        assert "news" in kinds and "resource" in kinds


def test_the_search_index_finds_words_from_inside_a_generated_file(loaded):
    from wagtail.search.backends import get_search_backend

    # "Plot each worry..." is in the harm matrix tool's file, not in any page's own text.
    results = get_search_backend().search("plot", ResourcePage.objects.live())

    assert "harm-matrix" in {page.slug for page in results}
