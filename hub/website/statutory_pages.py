"""The text of the accessibility statement and the privacy notice, as content-page fields.

Both notices are editable content pages (slugs ``accessibility-statement`` and ``privacy``, the
addresses the footer links to). These functions give their first text, written from the
partnership's settings, for the demo loader and for a new installation; editors change the
pages in the back office from then on. The privacy notice lists the statutory partners with
a block that reads the agency records whenever the page is shown, so the list never drifts.

Each function returns the fields of a ``ContentPage``: ``title``, ``slug``, ``seo_title``,
``introduction``, ``last_reviewed`` and ``body`` (StreamField data: a list of
``{"type": ..., "value": ...}``).
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.html import escape, format_html

from hub.core.models import PartnershipSettings
from hub.website.pages import ACCESSIBILITY_STATEMENT_SLUG, PRIVACY_SLUG

# When the statement's wording was prepared and last checked against the website.
STATEMENT_PREPARED = datetime.date(2026, 11, 25)


def _text(*parts: str) -> dict:
    return {"type": "text", "value": "".join(parts)}


def _mailto(address: str) -> str:
    return format_html('<a href="mailto:{}">{}</a>', address, address)


def accessibility_statement(
    partnership: PartnershipSettings, *, site_url: str, prepared_on: datetime.date = STATEMENT_PREPARED
) -> dict:
    """The accessibility statement in the model form for public sector websites."""
    name = escape(partnership.name)
    email = partnership.contact_email
    phone = escape(partnership.contact_phone)
    contacts = []
    if email:
        contacts.append(f"<li>e-mail {_mailto(email)}</li>")
    if phone:
        contacts.append(f"<li>call {phone}</li>")
    if not contacts:
        contacts.append("<li>contact the partnership business unit</li>")
    at_email = f" at {_mailto(email)}" if email else ""
    prepared = prepared_on.strftime("%-d %B %Y")
    body = [
        _text(
            f"<p>This accessibility statement applies to the {name} website at <b>{escape(site_url)}</b>, "
            "including the pages practitioners use after signing in. The staff back office under <b>/admin/</b> "
            "is covered in the section on content that is not accessible.</p>",
            f"<p>The website is run by {name}. We want as many people as possible to be able to use it. "
            "For example, you should be able to:</p>",
            "<ul>"
            "<li>change colours, contrast levels and fonts using your browser or device settings</li>"
            "<li>zoom in up to 400% without the text spilling off the screen</li>"
            "<li>move around the whole website using only a keyboard</li>"
            "<li>move around most of the website using speech recognition software</li>"
            "<li>listen to most of the website using a screen reader</li>"
            "<li>use every page and form with JavaScript switched off</li>"
            "</ul>",
            "<p>We have also tried to write in plain English, and every form tells you what is wrong and how "
            "to put it right.</p>",
            '<p><a href="https://mcmw.abilitynet.org.uk/">AbilityNet has advice on making your device easier '
            "to use</a> if you have a disability.</p>",
        ),
        _text(
            "<h2>How accessible this website is</h2>",
            "<p>We know some parts of this website are not fully accessible:</p>",
            "<ul>"
            "<li>some documents uploaded by partner agencies, such as meeting papers and reports in PDF or Word "
            "format, may not be structured for screen readers</li>"
            "<li>the staff back office, used only by the partnership business unit, is built on the Wagtail "
            "content management system and has not been tested to the same standard as the rest of the "
            "website</li>"
            "</ul>",
        ),
        _text(
            "<h2>Feedback and contact information</h2>",
            "<p>If you need information on this website in a different format, such as accessible PDF, large "
            "print, easy read, audio recording or braille:</p>",
            f"<ul>{''.join(contacts)}</ul>",
            "<p>Tell us which page or document you need and the format you would like. We will consider your "
            "request and reply within 10 working days.</p>",
        ),
        _text(
            "<h2>Reporting accessibility problems with this website</h2>",
            "<p>We are always looking to improve the accessibility of this website. If you find a problem not "
            "listed on this page, or think we are not meeting accessibility requirements, contact the "
            f"partnership business unit{at_email}. Tell us the address of the page and what went wrong.</p>",
        ),
        _text(
            "<h2>Enforcement procedure</h2>",
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector "
            "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the ‘accessibility "
            "regulations’). If you are not happy with how we respond to your complaint, "
            '<a href="https://www.equalityadvisoryservice.com/">contact the Equality Advisory and Support '
            "Service (EASS)</a>.</p>",
        ),
        _text(
            "<h2>Technical information about this website’s accessibility</h2>",
            f"<p>{name} is committed to making its website accessible, in accordance with the Public Sector "
            "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.</p>",
            "<h3>Compliance status</h3>",
            '<p>This website is partially compliant with the <a href="https://www.w3.org/TR/WCAG22/">Web Content '
            "Accessibility Guidelines version 2.2</a> AA standard, due to the non-compliances listed below.</p>",
        ),
        _text(
            "<h2>Non-accessible content</h2>",
            "<p>The content listed below is non-accessible for the following reasons.</p>",
            "<h3>Non-compliance with the accessibility regulations</h3>",
            "<p>Documents uploaded by partner agencies, such as meeting papers, assurance reports and briefings, "
            "may be PDF or Word files that lack headings, text alternatives for images or a logical reading "
            "order. They may fail WCAG 2.2 success criteria 1.1.1 (non-text content), 1.3.1 (info and "
            "relationships) and 2.4.2 (page titled). When we publish a document on the public website we check "
            "it first, and we ask agencies to send accessible versions. If you need a document in another "
            "format, tell us and we will provide one.</p>",
            "<p>The partnership’s yearly report is published as a web page, which is its accessible version. "
            "Where a tagged PDF copy is also offered, some PDF readers may not announce the headings of its "
            "tables as clearly as the web page does.</p>",
            "<h3>Content that is not within the scope of the accessibility regulations</h3>",
            "<p>The staff back office is an administration tool used only by the partnership business unit. It "
            "is built on the open-source Wagtail content management system, which has its own layout and "
            "scripts; we have not tested it to the standard described below. If a member of staff needs help "
            "using it, the business unit will arrange it.</p>",
            "<p>PDFs and other documents published before 23 September 2018 are exempt if they are not essential "
            "to using our services.</p>",
            "<h3>Disproportionate burden</h3>",
            "<p>We are not claiming that fixing any of the problems above would be a disproportionate burden.</p>",
        ),
        _text(
            "<h2>What we are doing to improve accessibility</h2>",
            "<p>Every change to the website is checked automatically before it is released (see below). We "
            "review documents before they are published on the public website, and we ask partner agencies to "
            "supply accessible versions of their papers. Editors see Wagtail's accessibility checker on every "
            "page they write.</p>",
        ),
        _text(
            "<h2>Preparation of this accessibility statement</h2>",
            f"<p>This statement was prepared on {prepared}. It was last reviewed on {prepared}.</p>",
            "<p>We test the website in two ways:</p>",
            "<ul>"
            "<li>automated checks with the axe accessibility engine, run in a real browser against every kind "
            "of public page and every sign-in, registration, account and two-factor page, including forms shown "
            "with errors, each time the website’s code changes; a change is not released while any WCAG 2.2 A "
            "or AA failure is reported</li>"
            "<li>checks by hand using only a keyboard, to make sure every link, button and form field can be "
            "reached and used, and that the focus can always be seen</li>"
            "</ul>",
            "<p>Automated checks find many problems but not all of them. If you find something we have missed, "
            "please tell us using the contact details for reporting accessibility problems above.</p>",
        ),
    ]
    return {
        "title": f"Accessibility statement for the {partnership.name} website",
        "seo_title": "Accessibility statement",
        "slug": ACCESSIBILITY_STATEMENT_SLUG,
        "introduction": "",
        "last_reviewed": prepared_on,
        "body": body,
    }


def privacy_notice(partnership: PartnershipSettings, *, last_reviewed: datetime.date = STATEMENT_PREPARED) -> dict:
    """The privacy notice: what the website holds, why, for how long, who sees it and your rights."""
    name = escape(partnership.name)
    email = partnership.contact_email
    area = f" for {escape(partnership.area_name)}" if partnership.area_name else ""
    with_email = f": e-mail {_mailto(email)}" if email else ""
    at_email = f" at {_mailto(email)}" if email else ""
    body = [
        _text(
            "<h2>Who we are</h2>",
            f"<p>{name} is the local safeguarding children partnership{area}. Under the Children Act 2004 the "
            "local authority, the police and the integrated care board for the area (the safeguarding partners) "
            "must make arrangements to work together, with other relevant agencies, to safeguard and promote the "
            "welfare of children. A partnership business unit runs this website and the partnership’s work for "
            "them.</p>",
        ),
        {"type": "partners", "value": None},
        _text(
            "<h2>Data controller</h2>",
            "<p>The safeguarding partners are joint data controllers for the personal information held on this "
            "website. They have agreed that the partnership business unit answers questions and requests about "
            f"it on their behalf{with_email}. Each partner also has a data protection officer you can contact "
            "through that organisation’s own website.</p>",
        ),
        _text(
            "<h2>What we hold</h2>",
            "<h3>If you visit the public website</h3>",
            "<p>You do not need to tell us who you are. The servers that host the website may keep a short "
            "technical log of requests (the address of the page, the time, and your device’s internet address) "
            "to keep the website secure and working. We count how many times each resource is downloaded each "
            "day, without recording who downloaded it. We do not use analytics or advertising cookies; see "
            f'<a href="{reverse("core:cookies")}">cookies on this website</a>.</p>',
            "<h3>If you subscribe to the e-bulletin</h3>",
            "<p>We hold your e-mail address, the audiences and themes you chose, when you confirmed your "
            "subscription and which issues we sent you. Every e-mail has a link to change your choices or "
            "unsubscribe.</p>",
            "<h3>If you have an account</h3>",
            "<p>Accounts are for people who work with children and families in partner agencies, and for the "
            "partnership’s own staff. We hold work contact details only:</p>",
            "<ul>"
            "<li>your name, work e-mail address, agency, job title and, if you give it, work phone number</li>"
            "<li>the roles you hold in the partnership, such as single point of contact for your agency or "
            "member of a group</li>"
            "<li>records of what you do in the Hub, such as training you book, returns you submit, actions you "
            "update and meetings you attend</li>"
            "<li>a security record of when you signed in, failed to sign in or signed out, and from which "
            "internet address</li>"
            "<li>if you use two-factor sign-in, the secret your authenticator app shares with us (never your "
            "phone number)</li>"
            "</ul>",
            "<p>We never hold your password itself, only a scrambled form of it that cannot be turned back into "
            "the password.</p>",
            "<h3>Information about children and families</h3>",
            "<p>No child’s name is recorded anywhere on this website. Case audits, practice reviews, child death "
            "reviews and records of restraint use a reference given by the agency that holds the child’s record, "
            "so the child cannot be identified from the Hub alone. Forms that allow free text ask you not to "
            "include names or other identifying details. The most sensitive records can only be seen by named "
            "members of the case review and child death overview panels, who must use two-factor sign-in, and "
            "every time one of those records is viewed it is logged.</p>",
        ),
        _text(
            "<h2>Why we hold it: our lawful basis</h2>",
            "<p>We use personal information because the safeguarding partners must carry out statutory duties:</p>",
            "<ul>"
            "<li>public task (UK GDPR Article 6(1)(e)): running the partnership’s multi-agency safeguarding "
            "arrangements, training, quality assurance and reviews</li>"
            "<li>legal obligation (UK GDPR Article 6(1)(c)): the Children Act 2004, as amended by the Children "
            "and Social Work Act 2017, and the statutory guidance Working Together to Safeguard Children require "
            "the partners to make and publish these arrangements, review serious cases and child deaths, and "
            "report on their work each year</li>"
            "</ul>",
            "<p>Where records about reviews include information about health or other special categories, we "
            "rely on UK GDPR Article 9(2)(g) (substantial public interest) with the condition for safeguarding "
            "children and individuals at risk in Schedule 1 of the Data Protection Act 2018.</p>",
        ),
        _text(
            "<h2>How long we keep it</h2>",
            "<p>The partnership sets how long each kind of record is kept, and the Hub deletes records, and their "
            "change history, when that period ends. Your account stays open while you work with the partnership; "
            "you can ask us to close it at any time. Records about reviews and child deaths are kept for the "
            "periods set by the statutory guidance and the national child mortality database.</p>",
        ),
        _text(
            "<h2>Who we share it with</h2>",
            "<ul>"
            "<li>the safeguarding partners and the relevant agencies in the partnership, when they need it for "
            "the partnership’s work: for example, your agency’s single point of contact can see the actions your "
            "agency owns</li>"
            "<li>the national bodies the partners must report to, such as the Child Safeguarding Practice Review "
            "Panel and the National Child Mortality Database, without any child’s name</li>"
            "<li>organisations that host or support the website for us, under contracts that allow them to use "
            "the information only on our instructions</li>"
            "</ul>",
            "<p>We never sell personal information or use it for marketing.</p>",
        ),
        _text(
            "<h2>Your rights</h2>",
            "<p>You have the right to:</p>",
            "<ul>"
            "<li>ask for a copy of the personal information we hold about you</li>"
            "<li>ask us to correct information that is wrong or incomplete</li>"
            "<li>ask us to delete information, or to limit how we use it, where the law allows</li>"
            "<li>object to how we use your information</li>"
            "</ul>",
            f'<p>You can see and correct most of your own details on <a href="{reverse("core:account")}">your '
            "account page</a>. For anything else, contact the partnership business unit"
            f"{at_email}. We will reply within one month.</p>",
        ),
        _text(
            "<h2>How to complain</h2>",
            "<p>If you are unhappy with how we have used your information, please tell us first so we can try to "
            "put it right. You can also complain to the Information Commissioner’s Office (ICO):</p>",
            "<ul>"
            '<li><a href="https://ico.org.uk/make-a-complaint/">make a complaint on the ICO website</a></li>'
            "<li>helpline: 0303 123 1113</li>"
            "<li>post: Information Commissioner’s Office, Wycliffe House, Water Lane, Wilmslow, Cheshire, "
            "SK9 5AF</li>"
            "</ul>",
        ),
    ]
    return {
        "title": "Privacy notice",
        "seo_title": "",
        "slug": PRIVACY_SLUG,
        "introduction": (
            f"This notice explains what personal information the {partnership.name} holds on this website, why "
            "we hold it, who we share it with and what your rights are."
        ),
        "last_reviewed": last_reviewed,
        "body": body,
    }


def statutory_pages(partnership: PartnershipSettings, *, site_url: str) -> list[dict]:
    """Both notices, in the order the footer lists them."""
    return [accessibility_statement(partnership, site_url=site_url), privacy_notice(partnership)]
