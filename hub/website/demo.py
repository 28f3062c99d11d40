"""The website's part of the demo partnership: the home page, served as the default site's root.

Registered as a demo loader (order 15, after core's settings and agencies). Idempotent: the home
page is created once, Wagtail's default welcome page is replaced by it, and the page's text is
republished only when it differs from the demo text below.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.utils.html import escape
from wagtail.models import Page, Site

from hub.core.models import PartnershipSettings
from hub.website.models import HomePage

HOME_SLUG = "home"

INTRODUCTION = (
    "We are the safeguarding partners for County Durham: Durham County Council, Durham Constabulary and "
    "the North East and North Cumbria Integrated Care Board. With schools, health services, probation, "
    "youth justice and voluntary organisations, we agree how agencies work together to keep children safe "
    "and check that they do."
)

BODY = """
<h2>Who we are</h2>
<p>Every area in England must have a safeguarding children partnership. Ours replaced the former
safeguarding children board in April 2019. The three statutory partners lead it and share its cost;
relevant agencies from health, education, criminal justice and the voluntary sector take part in its
groups, audits and training.</p>
<h2>Our vision and values</h2>
<p>Our vision is <b>Keeping Children Safe</b>, because safeguarding is everyone's responsibility.
Three values guide how we work: <b>tenacity</b>, <b>curiosity</b> and <b>openness</b>.</p>
<h2>What we are working on</h2>
<p>We focus on a small number of practice improvement themes, chosen from what audits, reviews and
practitioners tell us:</p>
<ul>
<li>the voice and lived experience of the child</li>
<li>management understanding and decision making</li>
<li>harmful sexual behaviour</li>
<li>cumulative harm and risk assessment</li>
</ul>
<p>Alongside these we keep working on child exploitation and neglect, and we use Signs of Safety as
our shared practice framework.</p>
<h2>How we learn</h2>
<p>We test practice through multi-agency audits led by practitioners, learn from reviews when a child
is seriously harmed or dies, and turn that learning into training, briefings and changes to
procedures. We then check whether it has made a difference for children and families.</p>
""".strip()


def help_text(contact_email: str) -> str:
    """The "Worried about a child?" panel, under the partnership's emergency text (call 999).

    No telephone numbers are made up for the demo.
    """
    email = escape(contact_email)
    partnership_contact = (
        f'<li>for questions about the partnership itself (not about a child), e-mail <a href="mailto:{email}">'
        f"{email}</a></li>"
        if contact_email
        else ""
    )
    return (
        "<p>If you are worried about a child but it is not an emergency:</p>"
        "<ul>"
        "<li>contact First Contact, Durham County Council's children's services front door, "
        "through the council's website or switchboard</li>"
        "<li>call the police on 101 if you think a crime has been committed</li>"
        "<li>if you work with children, follow the multi-agency child protection procedures and talk to "
        "your agency's safeguarding lead</li>"
        f"{partnership_contact}"
        "</ul>"
    )


def _welcome_pages(root: Page, home: Page):
    """Wagtail's default "Welcome to your new Wagtail site!" page: a plain Page under the root."""
    plain_page = ContentType.objects.get_for_model(Page)
    return root.get_children().filter(content_type=plain_page).exclude(pk=home.pk)


def _home_fields(settings: PartnershipSettings) -> dict[str, str]:
    return {
        "title": settings.name,
        "introduction": INTRODUCTION,
        "help_heading": "Worried about a child?",
        "help_text": help_text(settings.contact_email),
        "body": BODY,
    }


def load(log: Callable[[str], None]) -> None:
    """Create or refresh the home page and make it the root of the default site."""
    settings = PartnershipSettings.load()
    fields = _home_fields(settings)
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        clash = root.get_children().filter(slug=HOME_SLUG).exists()
        home = HomePage(slug=f"{HOME_SLUG}-{settings.short_name.lower()}" if clash else HOME_SLUG, **fields)
        root.add_child(instance=home)
        home.save_revision().publish()
        log("Home page created")
    elif any(getattr(home, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(home, name, value)
        home.save_revision().publish()
        log("Home page text refreshed")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, is_default_site=True, root_page=home, site_name=settings.name
        )
        log("Default site created")
    elif site.root_page_id != home.pk or site.site_name != settings.name:
        site.root_page = home
        site.site_name = settings.name
        site.save()
        log("Default site now serves the home page")

    # Remove the welcome page once no site serves it, then give the home page its plain slug.
    for page in _welcome_pages(root, home):
        if not Site.objects.filter(root_page=page).exists() and not page.get_children().exists():
            page.delete()
            log("Wagtail's default welcome page removed")
    if home.slug != HOME_SLUG and not root.get_children().filter(slug=HOME_SLUG).exists():
        home.slug = HOME_SLUG
        home.save_revision().publish()
