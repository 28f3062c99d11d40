"""The accessibility statement and privacy notice: editable content pages every page's footer links to."""

import re

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from hub.core.models import Agency, PartnershipSettings
from hub.testing import make_agency, make_user
from hub.website import statutory_pages
from hub.website.models import ContentPage
from hub.website.tests.factories import add_page, build_site, main_text, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    settings = PartnershipSettings.load()
    settings.name = "Northby Safeguarding Children Partnership"
    settings.area_name = "Northby"
    settings.contact_email = "business.unit@northby.example.org"
    settings.contact_phone = "01234 567890"
    settings.save()
    return settings


@pytest.fixture
def site():
    return build_site()


def publish_notices(home, partnership):
    made = {}
    for fields in statutory_pages.statutory_pages(partnership, site_url=django_settings.SITE_URL):
        made[fields["slug"]] = add_page(home, ContentPage(**fields))
    return made


def headings(soup, levels=("h2", "h3")) -> list[str]:
    return [h.get_text(strip=True) for h in soup.find("main").find_all(list(levels))]


def assert_heading_levels_do_not_skip(soup):
    levels = [int(tag.name[1]) for tag in soup.find("main").find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1
    for earlier, later in zip(levels, levels[1:], strict=False):
        assert later <= earlier + 1, f"heading jumps from h{earlier} to h{later}"


def test_the_accessibility_statement_follows_the_model_structure(client, site, partnership):
    publish_notices(site, partnership)
    response = client.get("/accessibility-statement/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.title.get_text().strip() == f"Accessibility statement – {partnership.name}"
    assert soup.h1.get_text(strip=True) == f"Accessibility statement for the {partnership.name} website"
    assert_heading_levels_do_not_skip(soup)
    for expected in [
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website’s accessibility",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ]:
        assert expected in headings(soup)
    text = main_text(soup)
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard" in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "axe" in text and "keyboard" in text and "PDF" in text and "Wagtail" in text
    assert re.search(r"This statement was prepared on \d{1,2} \w+ \d{4}", text)
    assert soup.find("main").find("a", href=f"mailto:{partnership.contact_email}") is not None
    assert "01234 567890" in text
    assert django_settings.SITE_URL in text


def test_the_accessibility_statement_without_contact_details_still_says_whom_to_contact(client, site):
    settings = PartnershipSettings.load()
    settings.contact_email = ""
    settings.contact_phone = ""
    settings.save()
    publish_notices(site, settings)
    soup = soup_of(client.get("/accessibility-statement/"))
    assert "contact the partnership business unit" in main_text(soup)
    assert soup.select('main a[href^="mailto:"]') == []


def test_the_privacy_notice_explains_what_is_held_and_why(client, site, partnership):
    publish_notices(site, partnership)
    make_agency("Northby Council", is_statutory_partner=True, sector=Agency.Sector.LOCAL_AUTHORITY)
    make_agency("Northby Police", is_statutory_partner=True, sector=Agency.Sector.POLICE)
    make_agency("Closed Health Board", is_statutory_partner=True, is_active=False)
    make_agency("Northby Youth Club", sector=Agency.Sector.VOLUNTARY)
    response = client.get("/privacy/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.title.get_text().strip() == f"Privacy notice – {partnership.name}"
    assert_heading_levels_do_not_skip(soup)
    assert headings(soup, ("h2",)) == [
        "Who we are",
        "Data controller",
        "What we hold",
        "Why we hold it: our lawful basis",
        "How long we keep it",
        "Who we share it with",
        "Your rights",
        "How to complain",
    ]
    text = main_text(soup)
    assert f"the {partnership.name} holds on this website" in text
    assert "for Northby" in text
    # The statutory partners are read from the agency records whenever the page is shown.
    assert "Northby Council" in text and "Northby Police" in text
    assert "Closed Health Board" not in text and "Northby Youth Club" not in text
    assert "work contact details only" in text
    assert "No child’s name is recorded anywhere" in text
    assert "public task" in text and "Article 6(1)(e)" in text
    assert "legal obligation" in text and "Children Act 2004" in text
    assert "Working Together to Safeguard Children" in text
    assert "If you subscribe to the e-bulletin" in headings(soup)
    assert "Information Commissioner’s Office" in text and "0303 123 1113" in text
    main = soup.find("main")
    assert main.find("a", href="https://ico.org.uk/make-a-complaint/") is not None
    assert main.find("a", href=f"mailto:{partnership.contact_email}") is not None
    assert main.find("a", href=reverse("core:cookies")) is not None
    assert main.find("a", href=reverse("core:account")) is not None


def test_the_notices_text_escapes_what_the_settings_hold(site):
    settings = PartnershipSettings.load()
    settings.name = "Tom & Jerry <Partnership>"
    fields = statutory_pages.accessibility_statement(settings, site_url="https://hub.example.org")
    html = "".join(block["value"] for block in fields["body"] if block["type"] == "text")
    assert "Tom &amp; Jerry &lt;Partnership&gt;" in html
    assert "<Partnership>" not in html


def test_every_page_footer_links_the_published_notices_and_cookies(client, site, partnership):
    publish_notices(site, partnership)
    for url in ("/", "/news/", reverse("core:cookies"), reverse("core:sign-in"), "/no-such-page/"):
        footer_links = {a["href"] for a in soup_of(client.get(url)).select("footer a")}
        assert {"/accessibility-statement/", "/privacy/", "/cookies/"} <= footer_links, url


def test_the_cookies_page_links_the_privacy_notice_once_it_is_published(client, site, partnership):
    assert soup_of(client.get(reverse("core:cookies"))).find("main").find("a", string="privacy notice") is None
    publish_notices(site, partnership)
    link = soup_of(client.get(reverse("core:cookies"))).find("main").find("a", string="privacy notice")
    assert link["href"] == "/privacy/"


def test_an_unpublished_notice_drops_out_of_the_footer_at_once(client, site, partnership):
    notices = publish_notices(site, partnership)
    client.get("/")  # the paths are now cached
    notices["privacy"].unpublish()
    footer_links = {a["href"] for a in soup_of(client.get("/")).select("footer a")}
    assert "/privacy/" not in footer_links
    assert "/accessibility-statement/" in footer_links


def test_editors_cannot_delete_or_unpublish_the_notices_in_the_back_office(client_for, site, partnership):
    notices = publish_notices(site, partnership)
    admin = make_user("admin@example.org", is_superuser=True, is_staff=True)
    client = client_for(admin)
    privacy = notices["privacy"]
    for action in ("delete", "unpublish"):
        response = client.post(reverse(f"wagtailadmin_pages:{action}", args=[privacy.pk]))
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[privacy.pk])
        privacy.refresh_from_db()
        assert privacy.live
    messages = [str(message) for message in response.wsgi_request._messages]
    assert messages[-1] == (
        "“Privacy notice” cannot be unpublished: every page links to it and the law requires it. Edit its text instead."
    )
    # Any other content page can still be deleted.
    other = add_page(site, ContentPage(title="Old page", slug="old-page"))
    client.post(reverse("wagtailadmin_pages:delete", args=[other.pk]))
    assert not ContentPage.objects.filter(pk=other.pk).exists()
