"""The website's part of the demo partnership: the whole public site, written for the demo.

Registered as two demo loaders: ``load`` (order 15, after core's settings, agencies and themes)
builds the page tree, the resource library with its generated PDF and Word files, What's New,
the procedures page and its amendments log, briefing use and download counts; ``load_bulletins``
(order 85, after the other modules' demo data) builds three e-bulletin issues, which may pick
courses other modules offer.

The tree: the home page (root of the default site) with the three audience pages, "topics" with
a topic page for every practice theme, "resources" (the library), "news" (What's New),
"procedures", "bulletins", and the accessibility statement, privacy and about pages.

Idempotent: pages are found by parent and slug, documents by the name of their file, and both are
changed (and pages published again) only when they differ from the text below; generated files
carry a fingerprint of their text in their name and are made again only when the text changes.
Every text here was written for the demo; people and children are never named, and no
telephone number is made up (the contact numbers in the website settings are left blank).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Collection, Page, Revision, Site

from hub.core.models import Agency, PartnershipSettings, Theme
from hub.website.demo_files import DOCX, PDF, DemoFile, fingerprint, render
from hub.website.models import (
    Audience,
    AudiencePage,
    BriefingUse,
    BulletinIndexPage,
    BulletinPage,
    ContentPage,
    HomePage,
    HubDocument,
    NewsIndexPage,
    NewsPage,
    ProcedureAmendment,
    ProceduresPage,
    ResourceDownloadDay,
    ResourceLibraryPage,
    ResourcePage,
    TopicIndexPage,
    TopicPage,
    WebsiteSettings,
)

HOME_SLUG = "home"
T = ResourcePage.ResourceType

# Home page ------------------------------------------------------------------------------------

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


# The "Worried about a child?" settings. The demo makes up no telephone numbers: the numbers stay
# blank (the home page's text sends people to the council's website and switchboard instead) and
# only the national police non-emergency number is given.
WEBSITE_SETTINGS = {
    "children_services_label": "First Contact, Durham County Council's children's services front door",
    "children_services_phone": "",
    "children_services_hours": "",
    "out_of_hours_phone": "",
    "police_non_emergency": "101",
    "whats_new_count": 4,
    "popular_downloads_count": 5,
    "popular_downloads_days": 365,
}


# Stream content helpers -----------------------------------------------------------------------


def text(html: str) -> dict:
    return {"type": "text", "value": html.strip()}


def inset(html: str) -> dict:
    return {"type": "inset", "value": html.strip()}


def warning(words: str) -> dict:
    return {"type": "warning", "value": words}


def details(summary: str, html: str) -> dict:
    return {"type": "details", "value": {"summary": summary, "text": html.strip()}}


def external_links(*links: tuple[str, str, str]) -> dict:
    """A list of links to other sites: ``(title, url, description)``."""
    return {
        "type": "links",
        "value": [
            {"page": None, "url": url, "title": title, "description": description} for title, url, description in links
        ],
    }


@dataclass(frozen=True)
class PageLink:
    """A link to a demo page by its path under the home page ("resources", "topics/neglect")."""

    path: str
    title: str = ""
    description: str = ""


def page_links(*links: PageLink) -> dict:
    return {"type": "links", "value": list(links)}


# Audience pages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAudiencePage:
    audience: str
    slug: str
    title: str
    introduction: str
    body: tuple


AUDIENCE_PAGES: tuple[DemoAudiencePage, ...] = (
    DemoAudiencePage(
        Audience.PROFESSIONALS,
        "professionals",
        "Professionals",
        "Procedures, tools, briefings and training for everyone who works or volunteers with children, young "
        "people and families in County Durham.",
        (
            text(
                """
<h2>If you are worried about a child</h2>
<p>Safeguarding is everyone's responsibility. If a child is in immediate danger, call 999. Otherwise:</p>
<ol>
<li>Write down what you saw and heard, in the words the child or adult used, with the date and time.</li>
<li>Talk to your agency's designated safeguarding lead or your manager the same day.</li>
<li>If you think a child may be suffering, or is likely to suffer, significant harm, contact First Contact.
Do not wait for someone else to do it.</li>
<li>Follow up in writing, and check what happened to your referral.</li>
</ol>
<p>The <a href="/procedures/">multi-agency child protection procedures</a> set out what every agency
does, and when.</p>
"""
            ),
            page_links(
                PageLink("procedures", "Child protection procedures", "The procedures manual and what changed"),
                PageLink("resources", "Resource library", "Briefings, guidance, tools and templates"),
                PageLink("topics", "Practice topics", "Everything on one theme, from neglect to exploitation"),
                PageLink("bulletins", "E-bulletins", "Read past issues and sign up for the next"),
            ),
            text(
                """
<h2>7-minute briefings</h2>
<p>Our 7-minute briefings turn what we learn from reviews and audits into something a team can read and
discuss in a short meeting. Use one at your next team meeting, then tell us you used it from the
briefing's page: it helps us show the difference learning makes.</p>
<p><a href="/resources/?type=seven-minute-briefing">See every 7-minute briefing</a></p>
"""
            ),
            details(
                "When professionals disagree",
                """
<p>If you think another agency's decision leaves a child unsafe, say so. Talk to the worker first, then
their manager. If you still disagree, use the escalation procedure: it sets out who to contact at each
stage and how quickly they should reply. Record each step.</p>
""",
            ),
            details(
                "Sharing information",
                """
<p>Data protection law does not stop you sharing information to keep a child safe. Share what is
necessary, proportionate, relevant, accurate, timely and secure, and record what you shared, with whom and
why. If in doubt, ask your safeguarding lead, but do not let doubt delay action when a child is at risk.</p>
""",
            ),
        ),
    ),
    DemoAudiencePage(
        Audience.PARENTS,
        "parents-and-carers",
        "Parents and carers",
        "Help and advice for parents, carers and anyone looking after a child, and where to turn if you are worried.",
        (
            warning("If a child is in danger now, call 999."),
            text(
                """
<h2>If you are worried about a child</h2>
<p>You do not need to be sure that something is wrong. If you are worried about a child, including your
own, you can:</p>
<ul>
<li>contact First Contact, the council's children's services, through Durham County Council's website or
switchboard</li>
<li>call the police on 101 if you think a crime has been committed</li>
<li>call the NSPCC helpline on 0808 800 5000 for advice from a trained counsellor</li>
</ul>
<p>You can ask for help without giving your name.</p>
"""
            ),
            text(
                """
<h2>Everyday safety</h2>
<p>Most children are kept safe by the people who love them. Small things make a big difference: knowing
who your child is talking to online, agreeing where they will be and when they will be back, and making
sure they know they can tell you anything without getting into trouble.</p>
"""
            ),
            details(
                "A crying baby",
                """
<p>All babies cry, and some cry a lot. Crying is normal and it will stop. Try feeding, changing, holding
and soothing your baby. If nothing works and you feel stressed, it is OK to put your baby down safely on
their back in their cot, walk away for a few minutes and calm down. Never, ever shake a baby.</p>
""",
            ),
            details(
                "Your child online",
                """
<p>Talk with your child about what they enjoy online, and keep talking. Use the parental controls on
devices and games, keep devices out of bedrooms at night, and make sure your child knows how to block
and report someone who makes them feel uncomfortable.</p>
""",
            ),
            details(
                "Help before problems grow",
                """
<p>Every family needs help sometimes. Early help is support for families who are struggling, from
parenting advice to help with money, housing or a child's behaviour. It is voluntary and works with you
on what you want to change. Ask your child's school, nursery, health visitor or doctor.</p>
""",
            ),
            page_links(
                PageLink("resources", "Leaflets and advice for parents", "In the resource library"),
                PageLink("topics/domestic-abuse", "Domestic abuse", "How it affects children and where to get help"),
            ),
        ),
    ),
    DemoAudiencePage(
        Audience.YOUNG_PEOPLE,
        "children-and-young-people",
        "Children and young people",
        "If something is worrying you, or someone is hurting you, it is not your fault and you do not have to "
        "deal with it on your own.",
        (
            warning("If you are in danger right now, call 999."),
            text(
                """
<h2>Tell someone you trust</h2>
<p>That could be a parent or carer, a teacher, a school nurse, a youth worker, a coach or another adult
you feel safe with. They will listen and they will help you get the right support.</p>
<p>If you would rather talk to someone you do not know, you can call Childline free on 0800 1111, any time
of the day or night. It will not show up on your phone bill.</p>
"""
            ),
            details(
                "What counts as abuse?",
                """
<p>Abuse is when someone hurts you or treats you badly on purpose, or does not look after you properly.
It can be someone hitting you, touching you in a way you do not like, saying cruel things, making you do
things you do not want to do, or not making sure you have food, clothes or a safe place to sleep. It can
happen online too.</p>
""",
            ),
            details(
                "Someone online is asking for photos or to meet",
                """
<p>Do not send anything, stop replying and tell an adult you trust. Keep the messages: you can block and
report the account, and the police can help. You will not be in trouble.</p>
""",
            ),
            details(
                "Someone is asking you to carry things or keep secrets",
                """
<p>If someone gives you gifts, money or attention and then asks you to carry packages, go places or keep
secrets, they may be trying to exploit you. It is not your fault, even if you agreed at first. Tell an
adult you trust or call Childline.</p>
""",
            ),
            page_links(PageLink("resources", "Leaflets for young people", "In the resource library")),
        ),
    ),
)


# Topic pages ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoTopic:
    introduction: str
    body: tuple


TOPICS: dict[str, DemoTopic] = {
    "voice-of-the-child": DemoTopic(
        "What is a day like for this child? Seeing their world through their eyes, and letting what they tell "
        "us shape every decision.",
        (
            text(
                """
<p>Children tell us about their lives in many ways: in words, in play, in how they behave and in what they
do not say. Our audits show that practitioners often know a child well but do not always record what the
child said or showed, or share it with the other agencies around the family.</p>
<h2>What good practice looks like</h2>
<ul>
<li>Seeing the child on their own, somewhere they feel safe, and more than once.</li>
<li>Writing down what the child said in their own words, and what you observed.</li>
<li>Asking what the child's day is like: getting up, school, meals, bedtime.</li>
<li>Showing in your plan how the child's wishes and feelings changed what you decided.</li>
</ul>
"""
            ),
            inset("<p>Partners renewed their <b>professional pledge</b> that children are central to all we do.</p>"),
        ),
    ),
    "management-decision-making": DemoTopic(
        "Reflective supervision, management oversight and professional challenge, so that decisions about "
        "children are well reasoned, recorded and shared.",
        (
            text(
                """
<p>Good decisions about children rarely come from one person working alone. Supervision gives
practitioners time to think about a child's lived experience and test their analysis; managers check
that plans are working and challenge drift.</p>
<h2>What we expect</h2>
<ul>
<li>Regular, recorded supervision that reflects on the child, not only on tasks.</li>
<li>Management decisions recorded with their reasons, including a dissenting view when there is one.</li>
<li>Professional challenge across agencies, using the escalation procedure when it is needed.</li>
</ul>
"""
            ),
        ),
    ),
    "harmful-sexual-behaviour": DemoTopic(
        "Telling healthy, problematic and harmful sexual behaviour apart, and responding in proportion.",
        (
            text(
                """
<p>Sexual development is a normal part of growing up, and most sexual behaviour by children is healthy.
Some is not: it may be problematic or harmful to the child or to others. Practitioners need to recognise
the difference and respond calmly, neither over-reacting nor dismissing it.</p>
<h2>The multi-agency pathway</h2>
<p>Referrals for harmful sexual behaviour go through the pathway agreed with the youth justice service and
First Contact. Professionals-only meetings bring police, health, schools, children's services and youth
justice together to share information and plan for the safety of everyone involved.</p>
"""
            ),
            details(
                "Healthy, problematic or harmful?",
                """
<p>Use the stages of sexual development tool to place a behaviour by the child's age, then look at
consent, equality, the use of force or threats, and secrecy. Talk it through with your safeguarding lead
before you decide.</p>
""",
            ),
        ),
    ),
    "cumulative-harm": DemoTopic(
        "Seeing how harm builds up over time and across the whole family, and acting before it becomes a crisis.",
        (
            text(
                """
<p>Cumulative harm is the effect of many events or circumstances that may each seem minor but together
damage a child's safety and development. It is easy to miss when each agency sees only its own part of
the picture, or when each new incident is assessed on its own.</p>
<h2>Tools that help</h2>
<ul>
<li>A multi-agency chronology, kept up to date and read as a whole.</li>
<li>The harm matrix, to weigh how serious and how likely harm is.</li>
<li>Family network meetings, to bring in the people who can keep the child safe.</li>
</ul>
"""
            ),
        ),
    ),
    "neglect": DemoTopic(
        "Spotting early when a child's basic needs are not being met, including teenagers, and staying with "
        "the family until things change.",
        (
            text(
                """
<p>Neglect is the most common reason for a child protection plan in England. It is the persistent failure
to meet a child's basic physical or emotional needs, and it can do lasting harm to health, learning and
relationships. Because it builds slowly, it is easy for professionals to become used to it.</p>
<h2>What to look out for</h2>
<ul>
<li>Hunger, poor hygiene, clothing unsuitable for the weather.</li>
<li>Missed health appointments, untreated conditions, poor dental health.</li>
<li>Frequent absence or lateness at school.</li>
<li>A child left alone or in charge of younger children.</li>
</ul>
<p>Neglect of teenagers can look different: they may be out late, missing school or caring for others.
Ask what life at home is like.</p>
"""
            ),
        ),
    ),
    "child-exploitation": DemoTopic(
        "Protecting children from criminal and sexual exploitation, in and outside the home, online and in person.",
        (
            text(
                """
<p>Exploitation happens when someone uses a child's vulnerability to make them do something for the
exploiter's benefit, whether money, drugs, sex or status. Children who are exploited are victims, even
when they seem to have agreed, and even when they have committed offences.</p>
<h2>Signs</h2>
<ul>
<li>Going missing, or returning with new clothes, phones or money they cannot explain.</li>
<li>New older friends, or relationships with controlling adults.</li>
<li>Changes in behaviour, school attendance or mood.</li>
<li>Travelling to places they have no obvious connection with.</li>
</ul>
<p>Share what you know with the police and First Contact, however small it seems: it may be the piece
that completes the picture.</p>
"""
            ),
        ),
    ),
    "child-sexual-abuse": DemoTopic(
        "Recognising the signs of sexual abuse within and outside the family, and helping children to tell.",
        (
            text(
                """
<p>Most children who are sexually abused do not tell anyone at the time. They may not have the words, may
have been told it is a secret, or may fear what will happen. Professionals need to notice the signs and
create the chance for a child to talk.</p>
<h2>If a child tells you</h2>
<ul>
<li>Listen, stay calm and take it seriously.</li>
<li>Do not ask leading questions or promise to keep it secret.</li>
<li>Tell them they have done the right thing in telling you.</li>
<li>Write down what they said, in their words, and act at once under your procedures.</li>
</ul>
"""
            ),
        ),
    ),
    "domestic-abuse": DemoTopic(
        "Children who see, hear or live with domestic abuse are victims in their own right.",
        (
            text(
                """
<p>Domestic abuse is controlling, coercive, threatening, violent or degrading behaviour between people
aged 16 or over who are or have been partners or family members. Children who live with it are victims
in their own right, and its effects on their development can be serious and long lasting.</p>
<h2>What partners do</h2>
<ul>
<li>The police tell a child's school the next morning when they have attended an incident of domestic
abuse at the child's home, so staff can support the child that day.</li>
<li>High-risk cases are discussed at the multi-agency risk assessment conference.</li>
<li>Plans address the safety of the adult victim and the children together.</li>
</ul>
"""
            ),
            details(
                "If you are experiencing domestic abuse",
                """
<p>In an emergency call 999. If you cannot speak, stay on the line and press 55 when prompted. You can
also get confidential advice from the national domestic abuse helpline, or speak to your doctor or health
visitor.</p>
""",
            ),
        ),
    ),
    "early-help": DemoTopic(
        "The right help at the right time, for families who need support before problems grow.",
        (
            text(
                """
<p>Early help means offering support as soon as a problem emerges, at any point in a child's life. It is
voluntary: families choose to take part, and the help is built around what they want to change.</p>
<h2>How early help works</h2>
<ul>
<li>Any professional can start an early help assessment with the family's agreement.</li>
<li>A lead practitioner coordinates a team around the family and reviews the plan with them.</li>
<li>If worries grow, the lead practitioner talks to First Contact: early help does not replace a
referral when a child may be at risk of significant harm.</li>
</ul>
"""
            ),
        ),
    ),
    "signs-of-safety": DemoTopic(
        "Our shared practice framework: what are we worried about, what is working well, what needs to happen?",
        (
            text(
                """
<p>Signs of Safety is the practice framework all partners in County Durham use. It gives families and
professionals a shared language for talking about danger and safety, and keeps the focus on building
safety with the family and its network.</p>
<h2>The three questions</h2>
<ul>
<li>What are we worried about?</li>
<li>What is working well?</li>
<li>What needs to happen?</li>
</ul>
<p>Scaling questions ("on a scale of 0 to 10...") help everyone, including the child, say how safe things
are now and what would move them up the scale.</p>
"""
            ),
        ),
    ),
}


def _topic_for_unknown_theme(theme: Theme) -> DemoTopic:
    # A theme added after this text was written still gets its page, from its own description.
    return DemoTopic(theme.description or f"Resources, courses and news about {theme.name.lower()}.", ())


# Resource library ------------------------------------------------------------------------------


LINK = "link"
NO_FILE = "none"


@dataclass(frozen=True)
class DemoResource:
    slug: str
    title: str
    kind: str
    themes: tuple[str, ...]
    summary: str
    published: date
    review: date | None = None
    audiences: str = "p"  # any of p (professionals), c (parents and carers), y (children and young people)
    file: str = PDF  # PDF, DOCX, LINK (an external address) or NO_FILE
    url: str = ""
    sections: tuple[tuple[str, str], ...] = ()

    @property
    def review_date(self) -> date:
        # Unless given, a resource is due for review in 2027 or 2028, in its month of publication.
        return self.review or date(2027 + self.published.year % 2, self.published.month, 1)

    def demo_file(self) -> DemoFile | None:
        if self.file not in (PDF, DOCX):
            return None
        return DemoFile(self.title, T(self.kind).label, self.sections, self.file)


def briefing(
    background: str, why: str, information: str, research: str, action: str, questions: str, more: str
) -> tuple[tuple[str, str], ...]:
    """The seven parts of a 7-minute briefing, each meant to take about a minute to read and discuss."""
    return (
        ("1. Background", background),
        ("2. Why it matters", why),
        ("3. Information", information),
        ("4. What we know", research),
        ("5. What you should do", action),
        ("6. Questions for your team", questions),
        ("7. Find out more", more),
    )


MORE = "Look for the related guidance and tools in the partnership's resource library, and book the linked course."

RESOURCES: tuple[DemoResource, ...] = (
    # 7-minute briefings
    DemoResource(
        "seven-minute-briefing-neglect",
        "7-minute briefing: neglect",
        T.SEVEN_MINUTE_BRIEFING,
        ("neglect",),
        "Recognising neglect early, why practitioners become used to it, and what to do when a child's basic "
        "needs are not met.",
        date(2021, 5, 10),
        sections=briefing(
            "Neglect is the persistent failure to meet a child's basic physical or psychological needs. Audits in "
            "County Durham found neglect recognised late in several families known to more than one agency.",
            "Neglect harms development, health and learning, and it can be fatal. Because it builds slowly, each "
            "visit can look much like the last.",
            "Look at the whole history, not just today. Use a neglect assessment tool to make what you see "
            "measurable and to show change, or the lack of it, over time.",
            "Practitioners who stay with a family for a long time can come to accept conditions they would "
            "challenge in a new family. Fresh eyes and supervision help.",
            "- Record what you see, smell and hear, and what the child says.\n- Share it with the other "
            "agencies.\n- If there is no lasting change, escalate.",
            "When did you last compare a family's situation now with a year ago? What would make you escalate?",
            MORE,
        ),
    ),
    DemoResource(
        "seven-minute-briefing-voice-of-the-child",
        "7-minute briefing: the voice and lived experience of the child",
        T.SEVEN_MINUTE_BRIEFING,
        ("voice-of-the-child",),
        "What a day in the child's life is like, and how to make sure what children tell us shapes what we do.",
        date(2021, 7, 5),
        sections=briefing(
            "The voice and lived experience of the child is one of the partnership's practice improvement "
            "themes, chosen because audits found children's words missing from records and plans.",
            "Children are the experts on their own lives. Without their view, plans address adults' problems "
            "and miss what the child needs.",
            "Voice is more than words: it includes behaviour, play, drawings and how a child is with different "
            "adults. Babies and disabled children communicate too.",
            "Children tell us they want professionals who listen, explain what will happen and keep them informed.",
            "- See the child alone.\n- Record their words exactly.\n- Show in the plan how their view changed "
            "the decision.",
            "How does your team record a baby's lived experience? Whose voice is loudest in your plans?",
            MORE,
        ),
    ),
    DemoResource(
        "seven-minute-briefing-professional-curiosity",
        "7-minute briefing: professional curiosity",
        T.SEVEN_MINUTE_BRIEFING,
        ("management-decision-making", "cumulative-harm"),
        "Why taking things at face value can leave children unsafe, and how to stay curious and respectfully "
        "sceptical.",
        date(2021, 9, 13),
        sections=briefing(
            "Professional curiosity means looking, listening, asking direct questions and checking what you are "
            "told against what you see.",
            "Reviews often find that professionals accepted explanations without testing them, or did not ask "
            "who else lived in or visited the home.",
            "Curiosity is a skill and can be practised. It sits alongside respect for families: it is about "
            "understanding, not suspicion.",
            "Busy workloads, fear of damaging relationships and optimism about families all make curiosity "
            "harder. Supervision is where it is tested.",
            "- Ask who lives here and who visits.\n- Check information with other agencies.\n- Think the unthinkable.",
            "What explanation have you accepted recently without checking? What stops you asking?",
            MORE,
        ),
    ),
    DemoResource(
        "seven-minute-briefing-harmful-sexual-behaviour",
        "7-minute briefing: harmful sexual behaviour",
        T.SEVEN_MINUTE_BRIEFING,
        ("harmful-sexual-behaviour",),
        "Telling healthy from harmful sexual behaviour, and using the multi-agency pathway.",
        date(2021, 10, 18),
        sections=briefing(
            "The partnership relaunched its harmful sexual behaviour procedures and pathway, and referrals have "
            "risen since.",
            "Children who display harmful sexual behaviour are children first. A proportionate response "
            "protects others and helps the child change.",
            "The youth justice service manages the pathway on behalf of the partnership and arranges "
            "professionals-only meetings.",
            "Most sexual behaviour in childhood is healthy. A tool describing the stages of sexual development "
            "helps practitioners judge when behaviour is concerning.",
            "- Do not ignore it, and do not panic.\n- Talk to your safeguarding lead.\n- Refer through the "
            "pathway when behaviour is problematic or harmful.",
            "Would your team know what to do if a pupil's behaviour worried you? Who would you call?",
            MORE,
        ),
    ),
    DemoResource(
        "seven-minute-briefing-cumulative-harm",
        "7-minute briefing: cumulative harm",
        T.SEVEN_MINUTE_BRIEFING,
        ("cumulative-harm",),
        "How many small harms add up, and how chronologies and the harm matrix help you see the whole picture.",
        date(2021, 11, 22),
        sections=briefing(
            "Cumulative harm is a practice improvement theme for the partnership. A cumulative harm action plan "
            "has been completed and its guidance shared.",
            "Harm that builds over time can be as damaging as a single serious incident, and it is harder to see.",
            "Each incident should be read against the history. A single-agency view is rarely enough.",
            "Reviews show that chronologies kept by each agency separately hid patterns that a joint chronology "
            "would have revealed.",
            "- Keep a chronology and read it as a whole.\n- Use the harm matrix.\n- Ask other agencies what they know.",
            "When did your team last read a full chronology from start to finish? What did it show?",
            MORE,
        ),
    ),
    DemoResource(
        "seven-minute-briefing-child-exploitation",
        "7-minute briefing: child exploitation",
        T.SEVEN_MINUTE_BRIEFING,
        ("child-exploitation",),
        "Recognising criminal and sexual exploitation, and treating exploited children as victims.",
        date(2022, 1, 17),
        review=date(2026, 12, 1),
        sections=briefing(
            "Exploitation of children, criminal and sexual, remains a priority for the partnership's child "
            "exploitation group.",
            "Exploited children are often seen as making choices. They are victims, and a punitive response "
            "pushes them further from help.",
            "Going missing is a key warning sign. Every return from missing should lead to a conversation with "
            "the child.",
            "Exploiters use gifts, debt, threats and affection. Online contact often comes first.",
            "- Share intelligence with the police, however small.\n- Complete the exploitation screening "
            "tool.\n- Think about places as well as people.",
            "Which young people known to your team go missing? What happens when they come back?",
            MORE,
        ),
    ),
    DemoResource(
        "seven-minute-briefing-domestic-abuse",
        "7-minute briefing: children living with domestic abuse",
        T.SEVEN_MINUTE_BRIEFING,
        ("domestic-abuse",),
        "Children as victims of domestic abuse in their own right, and what each agency does after an incident.",
        date(2022, 2, 14),
        sections=briefing(
            "The law recognises that children who see, hear or experience the effects of domestic abuse are "
            "victims in their own right.",
            "Living with domestic abuse affects children's sleep, learning, behaviour and relationships, and "
            "can continue after parents separate.",
            "After an incident at a child's home, the police let the child's school know before the next school "
            "day so that staff can support the child.",
            "Coercive control can be harder to spot than violence. Children often know more than adults think.",
            "- Ask about domestic abuse routinely and safely.\n- See the child alone.\n- Plan for the safety of "
            "the adult victim and the children together.",
            "How does your team hear from children after an incident at home? What support follows?",
            MORE,
        ),
    ),
    DemoResource(
        "seven-minute-briefing-early-help",
        "7-minute briefing: early help",
        T.SEVEN_MINUTE_BRIEFING,
        ("early-help",),
        "What early help is, who can offer it and how it fits with a referral to children's services.",
        date(2022, 3, 21),
        review=date(2026, 9, 30),
        sections=briefing(
            "Early help is support for children and families as soon as problems emerge, offered with the "
            "family's agreement.",
            "Help that comes early is more effective and less intrusive than help that comes when problems "
            "have become entrenched.",
            "Any professional can lead an early help assessment. The lead practitioner brings a team around the "
            "family.",
            "Families say early help works best when they have one trusted worker and do not have to tell their "
            "story again and again.",
            "- Talk to the family about what they want to change.\n- Start an early help assessment.\n- Step "
            "up to First Contact if worries about harm grow.",
            "Which families on your caseload might benefit from early help now?",
            MORE,
        ),
    ),
    DemoResource(
        "seven-minute-briefing-signs-of-safety",
        "7-minute briefing: Signs of Safety scaling questions",
        T.SEVEN_MINUTE_BRIEFING,
        ("signs-of-safety",),
        "Using scaling questions with families, children and professionals to agree how safe things are.",
        date(2022, 4, 25),
        sections=briefing(
            "Signs of Safety is the partnership's shared practice framework, and scaling is one of its core tools.",
            "Scaling turns a general worry into a shared judgement that everyone, including the child, can "
            "understand and track.",
            "Ask everyone: on a scale of 0 to 10, where 10 means the child is safe enough and 0 means they are "
            "not safe at all, where are things now?",
            "Differences in scores are useful: they show where people see things differently and need to talk.",
            "- Ask each person separately.\n- Ask what puts the score there and not lower.\n- Ask what would "
            "move it up one point.",
            "When did your team last scale with a child? What did their score tell you?",
            MORE,
        ),
    ),
    DemoResource(
        "seven-minute-briefing-child-sexual-abuse",
        "7-minute briefing: child sexual abuse within the family",
        T.SEVEN_MINUTE_BRIEFING,
        ("child-sexual-abuse",),
        "Why sexual abuse within the family often goes unseen, and how professionals can help children tell.",
        date(2022, 6, 13),
        sections=briefing(
            "Most child sexual abuse is committed by someone the child knows, often a family member.",
            "Abuse within the family is the least likely to be reported, and children who tell are not always "
            "believed.",
            "Signs may be indirect: changes in behaviour, sleep, eating or school, or physical symptoms without "
            "explanation.",
            "Children often tell in pieces, testing the reaction to a small disclosure first.",
            "- Notice and ask.\n- If a child tells you, listen and act the same day.\n- Do not confront the "
            "alleged abuser.",
            "What would help a child in your setting to tell? Who would they tell?",
            MORE,
        ),
    ),
    DemoResource(
        "seven-minute-briefing-reflective-supervision",
        "7-minute briefing: reflective supervision",
        T.SEVEN_MINUTE_BRIEFING,
        ("management-decision-making",),
        "Supervision that makes time to think about the child, test analysis and challenge drift.",
        date(2022, 9, 12),
        sections=briefing(
            "Management understanding and decision making is one of the partnership's practice improvement themes.",
            "Reviews show that supervision focused on tasks and deadlines can miss what is happening to the child.",
            "Reflective supervision asks what we know, how we know it, what we feel about it and what we should do.",
            "Practitioners value supervision that is regular, protected and challenging.",
            "- Protect the time.\n- Start with the child.\n- Record decisions and the reasons for them.",
            "How much of your last supervision was about a child's lived experience?",
            MORE,
        ),
    ),
    # Guidance
    DemoResource(
        "neglect-practice-guidance",
        "Neglect practice guidance",
        T.GUIDANCE,
        ("neglect", "cumulative-harm"),
        "How partners recognise, assess and respond to neglect, from early help to child protection.",
        date(2020, 11, 2),
        review=date(2025, 11, 1),
        sections=(
            (
                "Purpose",
                "This guidance helps practitioners in every agency recognise neglect early and respond consistently.",
            ),
            (
                "Assessing neglect",
                "Use a structured tool to record the child's circumstances across health, "
                "home conditions, supervision and emotional care, and repeat it to measure change.",
            ),
            (
                "Responding",
                "- Offer early help where needs are emerging.\n- Refer to First Contact where a "
                "child may be suffering significant harm.\n- Escalate if a plan is not bringing change.",
            ),
        ),
    ),
    DemoResource(
        "cumulative-harm-guidance",
        "Cumulative harm guidance",
        T.GUIDANCE,
        ("cumulative-harm",),
        "Understanding cumulative harm and using chronologies and the harm matrix to assess it.",
        date(2021, 6, 7),
        sections=(
            (
                "What cumulative harm is",
                "The build-up of harm from repeated events and circumstances which "
                "together affect a child's safety and development.",
            ),
            (
                "Using the harm matrix",
                "The harm matrix helps practitioners weigh the seriousness and likelihood "
                "of harm and agree a shared view with other agencies.",
            ),
            (
                "Chronologies",
                "A good chronology is concise, factual and kept up to date, and it is read as a "
                "whole at key decision points.",
            ),
        ),
    ),
    DemoResource(
        "harmful-sexual-behaviour-good-practice-guidance",
        "Harmful sexual behaviour: good practice guidance",
        T.GUIDANCE,
        ("harmful-sexual-behaviour",),
        "Good practice for schools, health, police and social care when a child displays sexual behaviour that "
        "worries them.",
        date(2021, 10, 4),
        sections=(
            (
                "Who this is for",
                "Everyone who works with children, and particularly designated safeguarding leads in schools.",
            ),
            (
                "Responding proportionately",
                "Consider the child's age and development, the behaviour, and the "
                "impact on others. Most behaviour is healthy; some needs a response.",
            ),
            (
                "The pathway",
                "Problematic and harmful behaviour is referred through the multi-agency pathway, "
                "which the youth justice service coordinates.",
            ),
        ),
    ),
    DemoResource(
        "information-sharing-guidance",
        "Information sharing: a guide for practitioners",
        T.GUIDANCE,
        ("voice-of-the-child", "early-help"),
        "When and how to share information to safeguard children, and how to record what you shared.",
        date(2020, 9, 14),
        review=date(2026, 3, 31),
        file=DOCX,
        sections=(
            (
                "The principles",
                "Information shared to safeguard a child should be necessary, proportionate, "
                "relevant, adequate, accurate, timely and secure.",
            ),
            (
                "Consent",
                "Seek consent where it is safe to do so, but do not seek it if doing so would place a "
                "child at greater risk.",
            ),
            ("Recording", "Record what you shared, with whom, when and why, and any decision not to share."),
        ),
    ),
    DemoResource(
        "safer-sleep-guidance",
        "Safer sleep for babies: guidance for practitioners",
        T.GUIDANCE,
        ("neglect",),
        "The safer sleep messages every practitioner who visits a family with a baby should give, and how to "
        "give them.",
        date(2021, 3, 1),
        review=date(2026, 6, 30),
        sections=(
            (
                "The key messages",
                "- Baby sleeps on their back, in their own clear, flat sleep space.\n- A "
                "smoke-free home.\n- Never sleep with a baby on a sofa or armchair.\n- Take extra care after "
                "alcohol or drugs.",
            ),
            (
                "Planning ahead",
                "Ask about sleeping arrangements when circumstances change, such as visiting "
                "relatives or moving house.",
            ),
        ),
    ),
    DemoResource(
        "working-together-to-safeguard-children",
        "Working together to safeguard children (national guidance)",
        T.GUIDANCE,
        ("early-help", "management-decision-making"),
        "The statutory guidance on how organisations and agencies must work together to safeguard children in England.",
        date(2018, 7, 4),
        file=LINK,
        url="https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
    ),
    DemoResource(
        "keeping-children-safe-in-education",
        "Keeping children safe in education (national guidance)",
        T.GUIDANCE,
        ("harmful-sexual-behaviour", "child-exploitation"),
        "The statutory guidance schools and colleges in England must follow to safeguard children.",
        date(2022, 9, 1),
        file=LINK,
        url="https://www.gov.uk/government/publications/keeping-children-safe-in-education--2",
    ),
    DemoResource(
        "bruising-in-non-mobile-babies",
        "Bruising in babies who are not yet mobile",
        T.GUIDANCE,
        ("cumulative-harm",),
        "Why any bruise on a baby who cannot yet move about needs a safeguarding response, and what to do.",
        date(2020, 5, 18),
        sections=(
            (
                "Why it matters",
                "Bruising is uncommon in babies who are not yet crawling or cruising. A bruise "
                "can be the first sign of physical abuse.",
            ),
            (
                "What to do",
                "- Do not accept an explanation without checking.\n- Refer to First Contact the same "
                "day.\n- Arrange a paediatric assessment.",
            ),
        ),
    ),
    # Tools
    DemoResource(
        "harm-matrix",
        "The harm matrix",
        T.TOOL,
        ("cumulative-harm", "signs-of-safety"),
        "A tool to weigh the seriousness and likelihood of harm and agree a shared judgement across agencies.",
        date(2021, 6, 7),
        sections=(
            (
                "How to use it",
                "Plot each worry by how serious the harm would be and how likely it is. Discuss "
                "differences in placement with colleagues from other agencies.",
            ),
            ("When to use it", "At strategy discussions, conferences, core groups and reviews of a child's plan."),
        ),
    ),
    DemoResource(
        "stages-of-sexual-development-tool",
        "Stages of sexual development: a tool for practitioners",
        T.TOOL,
        ("harmful-sexual-behaviour",),
        "Describes healthy sexual behaviour at each age and when behaviour becomes problematic or harmful.",
        date(2022, 7, 4),
        sections=(
            (
                "Using the tool",
                "Find the child's age group, then compare the behaviour with the descriptions "
                "of healthy, problematic and harmful behaviour.",
            ),
            (
                "What to consider",
                "- Consent and equality.\n- Force, threats or bribery.\n- Secrecy.\n- The effect on other children.",
            ),
        ),
    ),
    DemoResource(
        "neglect-screening-tool",
        "Neglect screening tool",
        T.TOOL,
        ("neglect",),
        "A short checklist to help practitioners record and measure neglect over time.",
        date(2020, 11, 2),
        file=DOCX,
        sections=(
            (
                "Areas to score",
                "- Nutrition.\n- Housing and hygiene.\n- Health care.\n- Supervision and safety.\n- Love and care.",
            ),
            (
                "Scoring",
                "Score each area from 1 (needs fully met) to 5 (needs not met), with evidence. Repeat "
                "every three months.",
            ),
        ),
    ),
    DemoResource(
        "exploitation-screening-tool",
        "Child exploitation screening tool",
        T.TOOL,
        ("child-exploitation",),
        "Helps practitioners identify children at risk of criminal or sexual exploitation and decide what to do next.",
        date(2021, 2, 8),
        review=date(2025, 12, 31),
        file=DOCX,
        sections=(
            (
                "Indicators",
                "- Missing episodes.\n- Unexplained money or gifts.\n- Older associates.\n- Drug "
                "or alcohol use.\n- Changes in school attendance.",
            ),
            (
                "Next steps",
                "Discuss the completed tool with your safeguarding lead and share it with the police "
                "and First Contact if there are concerns.",
            ),
        ),
    ),
    DemoResource(
        "scaling-questions-cards",
        "Scaling questions cards",
        T.TOOL,
        ("signs-of-safety", "voice-of-the-child"),
        "Printable cards with scaling questions to use with children, parents and professionals.",
        date(2022, 4, 25),
        sections=(
            (
                "For children",
                "On a scale of 0 to 10, how safe do you feel at home? What makes it that number? "
                "What would make it one higher?",
            ),
            ("For parents", "How worried are you about your child, from 0 to 10? What would your child say?"),
        ),
    ),
    DemoResource(
        "three-houses-tool",
        "Three houses: talking with children",
        T.TOOL,
        ("voice-of-the-child", "signs-of-safety"),
        "A drawing tool for exploring a child's worries, good things and dreams, in their own words.",
        date(2021, 7, 5),
        sections=(
            ("The three houses", "The house of worries, the house of good things and the house of dreams."),
            (
                "Tips",
                "Let the child draw or write. Use their words in your record and share their houses, "
                "with permission, in meetings.",
            ),
        ),
    ),
    DemoResource(
        "escalation-flowchart",
        "Resolving professional disagreements: flowchart",
        T.TOOL,
        ("management-decision-making",),
        "The steps and timescales for resolving a disagreement between agencies about a child's safety.",
        date(2020, 4, 6),
        review=date(2025, 4, 6),
        sections=(
            ("Stage 1", "Talk to the worker involved. Aim to resolve within two working days."),
            ("Stage 2", "Manager to manager. Aim to resolve within three working days."),
            ("Stage 3", "Senior manager to senior manager, then the partnership's business unit if needed."),
        ),
    ),
    # Leaflets
    DemoResource(
        "coping-with-crying-leaflet",
        "Coping with a crying baby",
        T.LEAFLET,
        ("neglect",),
        "For new parents and carers: crying is normal, comfort can help, it is OK to walk away for a few minutes, "
        "and never shake a baby.",
        date(2021, 8, 2),
        audiences="pc",
        sections=(
            (
                "Crying is normal",
                "Babies cry more in their first weeks. It often peaks at around six to eight weeks, then gets less.",
            ),
            (
                "Ways to comfort",
                "- Feed, change and cuddle your baby.\n- Try a gentle walk or a warm bath.\n- Talk or sing softly.",
            ),
            (
                "It is OK to walk away",
                "If you feel stressed, put your baby down safely on their back in their "
                "cot and walk away for a few minutes. Never, ever shake a baby.",
            ),
        ),
    ),
    DemoResource(
        "keeping-your-child-safe-online",
        "Keeping your child safe online",
        T.LEAFLET,
        ("child-exploitation", "child-sexual-abuse"),
        "Practical tips for parents and carers on games, social media and talking with children about what they "
        "do online.",
        date(2021, 11, 1),
        audiences="pc",
        sections=(
            ("Talk about it", "Ask your child to show you the apps and games they use. Keep talking as they grow."),
            ("Settings", "Use parental controls and privacy settings, and check them after updates."),
            ("If something goes wrong", "Stay calm, keep the evidence, and report it to the platform and the police."),
        ),
    ),
    DemoResource(
        "what-is-early-help-leaflet",
        "What is early help? A guide for families",
        T.LEAFLET,
        ("early-help",),
        "How early help works, what to expect and how to ask for it.",
        date(2021, 4, 12),
        audiences="pc",
        sections=(
            ("What early help is", "Support for families, chosen with you, when things are getting difficult."),
            (
                "What happens",
                "A worker meets you to talk about what is going well and what you would like to "
                "change, then brings together the right help.",
            ),
        ),
    ),
    DemoResource(
        "domestic-abuse-help-leaflet",
        "Domestic abuse: help for you and your children",
        T.LEAFLET,
        ("domestic-abuse",),
        "For parents and carers experiencing domestic abuse: how it affects children and where to get help.",
        date(2021, 12, 6),
        audiences="pc",
        sections=(
            ("It is not your fault", "Domestic abuse is never the fault of the person being abused."),
            (
                "Your children",
                "Children notice more than we think. Talking with them, and getting support, helps them recover.",
            ),
            ("Getting help", "In an emergency call 999. If you cannot speak, stay on the line and press 55."),
        ),
    ),
    DemoResource(
        "staying-safe-leaflet-young-people",
        "Staying safe: a guide for young people",
        T.LEAFLET,
        ("child-exploitation",),
        "For young people: healthy relationships, staying safe online and out and about, and who to talk to.",
        date(2022, 1, 10),
        audiences="y",
        sections=(
            ("Healthy relationships", "Someone who cares about you respects your choices and does not pressure you."),
            ("Who to talk to", "A trusted adult, a teacher or school nurse, or Childline on 0800 1111."),
        ),
    ),
    DemoResource(
        "child-protection-conference-leaflet",
        "Child protection conferences: a guide for parents",
        T.LEAFLET,
        ("signs-of-safety",),
        "What happens at a child protection conference, who will be there and how you can take part.",
        date(2020, 10, 5),
        review=date(2026, 10, 5),
        audiences="pc",
        sections=(
            (
                "What a conference is",
                "A meeting of the family and professionals to decide whether a child needs a child protection plan.",
            ),
            ("Taking part", "You can bring a supporter, give your views in writing and ask questions."),
        ),
    ),
    DemoResource(
        "growing-up-body-safety-leaflet",
        "My body belongs to me",
        T.LEAFLET,
        ("child-sexual-abuse",),
        "For younger children: body safety, safe and unsafe secrets, and trusted adults.",
        date(2022, 5, 9),
        audiences="yc",
        sections=(
            (
                "My body",
                "My body belongs to me. Nobody should touch me in a way that makes me feel scared or uncomfortable.",
            ),
            ("Secrets", "Surprises are fun. Secrets that make me feel worried are not OK to keep."),
        ),
    ),
    # Posters
    DemoResource(
        "icon-poster",
        "ICON poster: babies cry, you can cope",
        T.POSTER,
        ("neglect",),
        "The four ICON messages for parents and carers of babies, for waiting rooms and wards.",
        date(2021, 8, 2),
        audiences="pc",
        sections=(
            (
                "",
                "- Infant crying is normal.\n- Comforting methods can help.\n- It is OK to walk away for a few "
                "minutes if your baby is safe.\n- Never, ever shake a baby.",
            ),
        ),
    ),
    DemoResource(
        "worried-about-a-child-poster",
        "Worried about a child? Poster",
        T.POSTER,
        ("early-help",),
        "A poster for staff rooms and public spaces on what to do if you are worried about a child.",
        date(2021, 4, 26),
        audiences="pcy",
        sections=(
            (
                "",
                "If a child is in danger, call 999. If you are worried, tell someone: contact children's "
                "services through the council, or the police on 101.",
            ),
        ),
    ),
    DemoResource(
        "safer-sleep-poster",
        "Safer sleep poster",
        T.POSTER,
        ("neglect",),
        "The safer sleep messages for parents, for clinics, nurseries and family hubs.",
        date(2021, 3, 1),
        audiences="pc",
        sections=(
            ("", "- On their back.\n- In their own clear, flat space.\n- In a smoke-free home.\n- Never on a sofa."),
        ),
    ),
    DemoResource(
        "spot-the-signs-exploitation-poster",
        "Spot the signs of exploitation",
        T.POSTER,
        ("child-exploitation",),
        "A poster for businesses, transport staff and community venues on spotting and reporting exploitation.",
        date(2022, 3, 7),
        audiences="pc",
        sections=(
            (
                "",
                "Young people with older adults they do not seem to know, carrying large amounts of cash, or "
                "travelling alone at odd hours may be being exploited. Report it.",
            ),
        ),
    ),
    DemoResource(
        "three-questions-poster",
        "Signs of Safety: the three questions",
        T.POSTER,
        ("signs-of-safety",),
        "The Signs of Safety questions for team rooms: what are we worried about, what is working well, what "
        "needs to happen?",
        date(2022, 4, 25),
        sections=(("", "What are we worried about? What is working well? What needs to happen?"),),
    ),
    # Videos (held on another site)
    DemoResource(
        "video-professional-curiosity",
        "Video: professional curiosity in practice",
        T.VIDEO,
        ("management-decision-making",),
        "A short film showing a home visit twice: once taking things at face value, once with curiosity.",
        date(2021, 9, 13),
        file=LINK,
        url="https://media.example.org/dscp/professional-curiosity",
    ),
    DemoResource(
        "video-voice-of-the-child",
        "Video: what young people want from professionals",
        T.VIDEO,
        ("voice-of-the-child",),
        "Young people from the county's youth council talk about being listened to.",
        date(2022, 2, 28),
        audiences="py",
        file=LINK,
        url="https://media.example.org/dscp/voice-of-young-people",
    ),
    DemoResource(
        "video-safeguarding-week-highlights",
        "Video: safeguarding week highlights",
        T.VIDEO,
        ("cumulative-harm", "harmful-sexual-behaviour"),
        "Highlights from the partnership's safeguarding week sessions.",
        date(2022, 5, 30),
        file=LINK,
        url="https://media.example.org/dscp/safeguarding-week-2022",
    ),
    DemoResource(
        "video-icon",
        "Video: coping with crying",
        T.VIDEO,
        ("neglect",),
        "A short film for new parents about infant crying and how to cope.",
        date(2021, 8, 2),
        audiences="pc",
        file=LINK,
        url="https://media.example.org/dscp/coping-with-crying",
    ),
    DemoResource(
        "video-early-help-stories",
        "Video: families talk about early help",
        T.VIDEO,
        ("early-help",),
        "Parents describe what early help was like for them and what made a difference.",
        date(2022, 6, 27),
        audiences="pc",
        file=LINK,
        url="https://media.example.org/dscp/early-help-stories",
    ),
    # Review reports (no child or family is identifiable)
    DemoResource(
        "learning-review-non-mobile-baby",
        "Learning review summary: injury to a baby",
        T.REVIEW_REPORT,
        ("cumulative-harm", "voice-of-the-child"),
        "What partners learned after a baby was seriously injured, and what has changed since.",
        date(2021, 6, 28),
        sections=(
            (
                "What happened",
                "A young baby was seriously injured at home. Several agencies had contact with "
                "the family in the weeks before.",
            ),
            (
                "What we learned",
                "- A small bruise was not recognised as a warning sign.\n- Information about a "
                "parent's history was not shared.\n- The baby's daily life was not described in records.",
            ),
            ("What has changed", "Guidance on bruising in non-mobile babies was relaunched and included in training."),
        ),
    ),
    DemoResource(
        "learning-review-neglect-teenager",
        "Learning review summary: neglect of a teenager",
        T.REVIEW_REPORT,
        ("neglect", "voice-of-the-child"),
        "Learning about recognising neglect in older children, whose needs can look different.",
        date(2021, 12, 13),
        sections=(
            ("What happened", "A young person who had been neglected for many years came to harm."),
            (
                "What we learned",
                "- Missing school was seen as a behaviour problem.\n- The young person's own "
                "account was not sought.\n- Agencies did not share a single chronology.",
            ),
            ("What has changed", "Neglect training now includes a session on older children."),
        ),
    ),
    DemoResource(
        "rapid-review-themes-2021-22",
        "Themes from rapid reviews, 2021/22",
        T.REVIEW_REPORT,
        ("cumulative-harm", "management-decision-making"),
        "The recurring themes from the year's rapid reviews and how they shape the partnership's priorities.",
        date(2022, 7, 11),
        sections=(
            (
                "Recurring themes",
                "- Recognising cumulative harm.\n- Recording the child's voice.\n- Management "
                "oversight and professional challenge.",
            ),
            ("Next steps", "The themes inform safeguarding week and the multi-agency audit programme."),
        ),
    ),
    DemoResource(
        "multi-agency-audit-findings-hsb",
        "Multi-agency audit findings: harmful sexual behaviour",
        T.REVIEW_REPORT,
        ("harmful-sexual-behaviour",),
        "What a practitioner-led audit found about responses to harmful sexual behaviour.",
        date(2022, 3, 28),
        sections=(
            ("What we looked at", "A sample of cases where a child had displayed harmful sexual behaviour."),
            (
                "What we found",
                "Information sharing through professionals-only meetings was strong; safety "
                "plans for other children were not always reviewed.",
            ),
        ),
    ),
    DemoResource(
        "multi-agency-audit-findings-domestic-abuse",
        "Multi-agency audit findings: domestic abuse",
        T.REVIEW_REPORT,
        ("domestic-abuse", "voice-of-the-child"),
        "What a practitioner-led audit found about how children's experiences of domestic abuse are understood.",
        date(2021, 9, 27),
        review=date(2026, 8, 31),
        sections=(
            (
                "What we found",
                "Agencies responded quickly to incidents, but children were rarely asked about their experience.",
            ),
            (
                "What we will do",
                "A 7-minute briefing and a training module on talking with children about domestic abuse.",
            ),
        ),
    ),
    # Annual reports
    DemoResource(
        "annual-report-2019-20",
        "Annual report 2019/20",
        T.ANNUAL_REPORT,
        ("early-help",),
        "The partnership's first year under the new safeguarding arrangements.",
        date(2020, 9, 30),
        audiences="pc",
        sections=(
            ("Introduction", "The first year of the partnership's arrangements, which began in April 2019."),
            (
                "Highlights",
                "- New multi-agency groups established.\n- Harmful sexual behaviour procedures "
                "relaunched.\n- Practitioner-led audit programme begun.",
            ),
        ),
    ),
    DemoResource(
        "annual-report-2020-21",
        "Annual report 2020/21",
        T.ANNUAL_REPORT,
        ("early-help",),
        "How partners kept children safe through the pandemic, and what they learned.",
        date(2021, 9, 30),
        audiences="pc",
        sections=(
            (
                "Introduction",
                "A year shaped by the pandemic, in which partners found new ways to see children and families.",
            ),
            ("Highlights", "- Training moved online.\n- Four practice improvement themes agreed."),
        ),
    ),
    DemoResource(
        "annual-report-2021-22",
        "Annual report 2021/22",
        T.ANNUAL_REPORT,
        ("voice-of-the-child", "harmful-sexual-behaviour", "cumulative-harm", "management-decision-making"),
        "The partnership's work in 2021/22: the four practice improvement themes, learning from reviews and "
        "the new website.",
        date(2022, 9, 30),
        audiences="pc",
        sections=(
            (
                "Introduction",
                "The year in which the partnership focused on four practice improvement themes "
                "and planned a simpler group structure.",
            ),
            (
                "Highlights",
                "- Harmful sexual behaviour referrals rose after the pathway was relaunched.\n- Two "
                "safeguarding weeks.\n- The new website planned.",
            ),
        ),
    ),
    # Procedures (local documents; the full manual is online)
    DemoResource(
        "harmful-sexual-behaviour-procedure",
        "Harmful sexual behaviour procedure",
        T.PROCEDURE,
        ("harmful-sexual-behaviour",),
        "The local procedure for responding to harmful sexual behaviour by children and young people.",
        date(2020, 2, 3),
        review=date(2025, 2, 3),
        sections=(
            ("Scope", "Children and young people under 18 who display problematic or harmful sexual behaviour."),
            ("Referral", "Referrals go through First Contact and the youth justice service's pathway."),
            ("Meetings", "A professionals-only meeting shares information and agrees safety plans."),
        ),
    ),
    DemoResource(
        "escalation-procedure",
        "Resolving professional disagreements (escalation procedure)",
        T.PROCEDURE,
        ("management-decision-making",),
        "How professionals resolve disagreements about a child's safety, stage by stage.",
        date(2020, 4, 6),
        sections=(
            (
                "Principles",
                "The child's safety comes first. Disagreements are resolved at the lowest level "
                "possible and as quickly as possible.",
            ),
            ("Stages", "Worker to worker, manager to manager, senior manager to senior manager, then the partnership."),
        ),
    ),
    DemoResource(
        "missing-children-procedure",
        "Children who go missing from home or care",
        T.PROCEDURE,
        ("child-exploitation",),
        "What agencies do when a child goes missing, and the return conversation that follows.",
        date(2021, 1, 11),
        sections=(
            ("Reporting", "Report a missing child to the police without delay."),
            (
                "Return conversations",
                "Every child is offered a conversation with an independent person when they return.",
            ),
        ),
    ),
    DemoResource(
        "bruising-protocol",
        "Protocol for bruising in non-mobile babies",
        T.PROCEDURE,
        ("cumulative-harm",),
        "The multi-agency protocol for assessing bruises and marks on babies who are not yet mobile.",
        date(2021, 6, 28),
        sections=(
            ("Scope", "Babies who are not yet crawling, cruising or walking."),
            (
                "Action",
                "Every bruise is referred to First Contact the same day and the baby has a paediatric assessment.",
            ),
        ),
    ),
    DemoResource(
        "neglect-strategy",
        "Neglect strategy",
        T.PROCEDURE,
        ("neglect",),
        "The partnership's strategy for tackling neglect, with its priorities and how progress is measured.",
        date(2021, 4, 19),
        sections=(
            (
                "Priorities",
                "- Recognise neglect early.\n- Assess it consistently.\n- Measure the difference help makes.",
            ),
            ("Measuring progress", "The neglect group reports to the partnership on audits and indicators."),
        ),
    ),
    # Templates (Word documents to fill in)
    DemoResource(
        "multi-agency-chronology-template",
        "Multi-agency chronology template",
        T.TEMPLATE,
        ("cumulative-harm",),
        "A template for a joint chronology of significant events in a child's life.",
        date(2021, 6, 7),
        file=DOCX,
        sections=(
            (
                "How to complete",
                "Record each significant event with its date, source, what happened and its impact on the child.",
            ),
            ("Columns", "- Date.\n- Agency.\n- Event.\n- Impact on the child.\n- Action taken."),
        ),
    ),
    DemoResource(
        "escalation-record-template",
        "Escalation record",
        T.TEMPLATE,
        ("management-decision-making",),
        "A form to record each stage of a professional disagreement and its outcome.",
        date(2020, 4, 6),
        file=DOCX,
        sections=(
            ("Details", "Child's reference, agencies involved, the disagreement."),
            ("Stages", "For each stage: who was contacted, when, and the outcome."),
        ),
    ),
    DemoResource(
        "family-network-meeting-record",
        "Family network meeting record",
        T.TEMPLATE,
        ("signs-of-safety", "cumulative-harm"),
        "A template for recording a family network meeting in Signs of Safety language.",
        date(2022, 4, 25),
        file=DOCX,
        sections=(
            ("Who was there", "The family, their network and the professionals."),
            ("The three questions", "What are we worried about? What is working well? What needs to happen?"),
            ("Scaling", "Each person's scale from 0 to 10."),
        ),
    ),
    DemoResource(
        "safety-plan-template",
        "Safety plan template",
        T.TEMPLATE,
        ("signs-of-safety", "harmful-sexual-behaviour"),
        "A template for a safety plan written with the family and its network.",
        date(2022, 5, 16),
        file=DOCX,
        sections=(
            ("The plan", "The rules that will keep the child safe, in words the child understands."),
            ("Who will do what", "The people in the network and what each will do."),
        ),
    ),
    DemoResource(
        "single-agency-audit-template",
        "Single-agency audit template",
        T.TEMPLATE,
        ("management-decision-making", "voice-of-the-child"),
        "The template agencies use to audit their own cases before a multi-agency audit.",
        date(2021, 5, 24),
        review=date(2026, 5, 24),
        file=DOCX,
        sections=(
            (
                "Questions",
                "- Is the child's voice recorded?\n- Is there management oversight?\n- Was information shared?",
            ),
            ("Grading", "Outstanding, good, requires improvement or inadequate, with evidence."),
        ),
    ),
    DemoResource(
        "early-help-assessment-template",
        "Early help assessment",
        T.TEMPLATE,
        ("early-help",),
        "The early help assessment form, completed with the family.",
        date(2021, 4, 12),
        file=DOCX,
        sections=(
            ("About the family", "Who is in the family and who is important to them."),
            ("What is going well, what are the worries", "In the family's words and the practitioner's."),
            ("The plan", "What will happen, who will do it and by when."),
        ),
    ),
)


def _audience_fields(letters: str) -> dict[str, bool]:
    return {"for_professionals": "p" in letters, "for_parents": "c" in letters, "for_young_people": "y" in letters}


# Briefing use (2021/22) and downloads ------------------------------------------------------------

# Teams that recorded using a briefing in 2021/22: (team, agency short code, staff).
BRIEFING_TEAMS: tuple[tuple[str, str, int], ...] = (
    ("Stanley locality social work team", "dcc", 9),
    ("Safeguarding hub", "police", 14),
    ("Health visiting team, Chester-le-Street", "cddft", 11),
    ("School nursing team, Durham City", "cddft", 7),
    ("Youth justice case managers", "cdyjs", 8),
    ("Early help team, Bishop Auckland", "early-help", 12),
    ("Child and adolescent mental health service, Peterlee", "tewv", 10),
    ("Designated safeguarding leads network", "education", 23),
    ("Probation practitioners, Durham", "probation", 6),
    ("Family support volunteers", "vcs", 5),
)
BRIEFING_YEAR_START = date(2021, 4, 1)


def briefing_uses() -> list[tuple[str, str, str, int, date, str]]:
    """``(briefing slug, team, agency code, staff, date, comment)`` for each recorded use, from the tables above."""
    briefings = [resource for resource in RESOURCES if resource.kind == T.SEVEN_MINUTE_BRIEFING]
    uses = []
    for number, resource in enumerate(briefings):
        # Briefings published before the year ends were used two to five times during 2021/22.
        if resource.published >= date(2022, 4, 1):
            continue
        for step in range(2 + number % 4):
            team, agency, staff = BRIEFING_TEAMS[(number * 3 + step) % len(BRIEFING_TEAMS)]
            used_on = max(resource.published, BRIEFING_YEAR_START) + timedelta(days=11 + 37 * step + number)
            if used_on > date(2022, 3, 31):
                used_on = date(2022, 3, 31) - timedelta(days=step)
            comment = (
                "Used at our team meeting; the reflective questions led to a good discussion." if step == 0 else ""
            )
            uses.append((resource.slug, team, agency, staff + step, used_on, comment))
    return uses


def download_days(index: int, today: date) -> list[tuple[date, int]]:
    """Downloads of the ``index``-th resource in the year to ``today``: one row a month, busier for some."""
    weight = 3 + (index * 7) % 23
    return [(today - timedelta(days=30 * month + index % 7), weight + (month * index) % 5) for month in range(12)]


# What's New -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoNews:
    slug: str
    title: str
    day: date
    summary: str
    themes: tuple[str, ...]
    paragraphs: tuple[str, ...]
    audiences: str = "p"
    resources: tuple[str, ...] = ()


NEWS: tuple[DemoNews, ...] = (
    DemoNews(
        "practice-improvement-themes-agreed",
        "Four practice improvement themes agreed",
        date(2021, 4, 19),
        "The partnership will focus on four practice improvement themes this year, chosen from audits, reviews "
        "and what practitioners told us.",
        ("voice-of-the-child", "management-decision-making", "harmful-sexual-behaviour", "cumulative-harm"),
        (
            "The executive has agreed four practice improvement themes for the year: the voice and lived "
            "experience of the child, management understanding and decision making, harmful sexual behaviour, "
            "and cumulative harm and risk assessment.",
            "Each theme has a lead and a plan, and progress will be tested through the multi-agency audit "
            "programme. Look out for briefings, training and tools on each theme over the coming months.",
        ),
    ),
    DemoNews(
        "neglect-briefing-published",
        "New 7-minute briefing on neglect",
        date(2021, 5, 10),
        "Our first 7-minute briefing of the year looks at recognising neglect early and why it is easy to become "
        "used to it.",
        ("neglect",),
        (
            "Neglect builds slowly, and practitioners who know a family well can come to accept what they see. "
            "The new briefing sets out the warning signs and what to do when a plan is not bringing change.",
            "Use it at your next team meeting and tell us you did from the briefing's page.",
        ),
        resources=("seven-minute-briefing-neglect",),
    ),
    DemoNews(
        "safer-sleep-week",
        "Safer sleep week: share the messages",
        date(2021, 6, 14),
        "Everyone who visits families with babies is asked to share the safer sleep messages this week and every week.",
        ("neglect",),
        (
            "Sudden unexpected deaths in infancy are rare, but the risk can be reduced. The safer sleep messages "
            "are simple: on their back, in their own clear, flat space, in a smoke-free home.",
            "The safer sleep guidance and poster are in the resource library.",
        ),
        audiences="pc",
        resources=("safer-sleep-guidance", "safer-sleep-poster"),
    ),
    DemoNews(
        "learning-review-published-injury-to-a-baby",
        "Learning from a review: injury to a baby",
        date(2021, 6, 28),
        "We have published a summary of what partners learned after a baby was seriously injured, and what has "
        "changed.",
        ("cumulative-harm",),
        (
            "The review found that a small bruise was not recognised as a warning sign, and that information "
            "about a parent's history was not shared between agencies.",
            "The protocol for bruising in non-mobile babies has been relaunched. Please read the summary and "
            "discuss it with your team.",
        ),
        resources=("learning-review-non-mobile-baby", "bruising-protocol"),
    ),
    DemoNews(
        "voice-of-the-child-briefing",
        "Hearing the child: new briefing and tools",
        date(2021, 7, 5),
        "A new 7-minute briefing and the three houses tool help practitioners record children's lived experience.",
        ("voice-of-the-child", "signs-of-safety"),
        (
            "Our audits found that children's own words were often missing from records and plans. The new "
            "briefing sets out what good practice looks like.",
            "The three houses tool is a simple way to help a child talk about their worries, the good things in "
            "their life and their hopes.",
        ),
        resources=("seven-minute-briefing-voice-of-the-child", "three-houses-tool"),
    ),
    DemoNews(
        "icon-launch",
        "ICON: helping parents cope with crying",
        date(2021, 8, 2),
        "Midwives, health visitors and doctors across the county are sharing the ICON messages with every new parent.",
        ("neglect",),
        (
            "ICON gives parents four simple messages: infant crying is normal, comforting methods can help, it "
            "is OK to walk away for a few minutes if the baby is safe, and never, ever shake a baby.",
            "The messages are given at several points after birth, from the hospital ward to the six-to-eight "
            "week check. Anyone who meets new or expectant parents can reinforce them.",
        ),
        audiences="pc",
        resources=("coping-with-crying-leaflet", "icon-poster"),
    ),
    DemoNews(
        "professional-curiosity-film",
        "Professional curiosity: new film and briefing",
        date(2021, 9, 13),
        "A short film shows the same home visit twice, once taking things at face value and once with curiosity.",
        ("management-decision-making",),
        (
            "Reviews often find that explanations were accepted without being tested. The film and briefing "
            "explore what gets in the way of curiosity and how supervision can help.",
        ),
        resources=("video-professional-curiosity", "seven-minute-briefing-professional-curiosity"),
    ),
    DemoNews(
        "annual-report-2020-21-published",
        "Annual report 2020/21 published",
        date(2021, 9, 30),
        "Our annual report describes how partners kept children safe through the pandemic.",
        ("early-help",),
        (
            "The report covers the partnership's second year, its learning from reviews and audits, and the "
            "priorities for the year ahead.",
        ),
        audiences="pc",
        resources=("annual-report-2020-21",),
    ),
    DemoNews(
        "development-day-harmful-sexual-behaviour",
        "Development day on harmful sexual behaviour",
        date(2021, 10, 18),
        "Partners from every agency spent a day on responding to harmful sexual behaviour, with a national expert.",
        ("harmful-sexual-behaviour",),
        (
            "The day looked at the continuum from healthy to harmful sexual behaviour and at the local pathway. "
            "A new 7-minute briefing summarises the key messages.",
        ),
        resources=("seven-minute-briefing-harmful-sexual-behaviour",),
    ),
    DemoNews(
        "online-safety-for-parents",
        "Online safety advice for parents",
        date(2021, 11, 1),
        "A new leaflet gives parents and carers practical tips on games, apps and talking with children.",
        ("child-exploitation", "child-sexual-abuse"),
        (
            "Children spend more time online than ever. The leaflet helps parents understand the apps their "
            "children use and what to do if something goes wrong.",
        ),
        audiences="pc",
        resources=("keeping-your-child-safe-online",),
    ),
    DemoNews(
        "safeguarding-week-november-2021",
        "Safeguarding week: November 2021",
        date(2021, 11, 22),
        "Twenty short online sessions over five days, on the practice improvement themes and more.",
        ("cumulative-harm", "voice-of-the-child"),
        (
            "Safeguarding week brings practitioners from every agency together for short sessions led by "
            "experts from across the partnership.",
            "Sessions covered cumulative harm, the harm matrix, chronologies and hearing the child. Many "
            "participants went on to book the full courses.",
        ),
    ),
    DemoNews(
        "domestic-abuse-leaflet",
        "Support for families living with domestic abuse",
        date(2021, 12, 6),
        "A new leaflet for parents and carers explains how domestic abuse affects children and where to get help.",
        ("domestic-abuse",),
        ("The leaflet was written with people who have experienced domestic abuse.",),
        audiences="pc",
        resources=("domestic-abuse-help-leaflet",),
    ),
    DemoNews(
        "exploitation-briefing",
        "Child exploitation: briefing for all practitioners",
        date(2022, 1, 17),
        "The child exploitation group has published a 7-minute briefing on recognising exploitation.",
        ("child-exploitation",),
        (
            "Exploited children are victims. The briefing covers the warning signs, the importance of return "
            "conversations after a child goes missing, and how to share intelligence with the police.",
        ),
        resources=("seven-minute-briefing-child-exploitation", "exploitation-screening-tool"),
    ),
    DemoNews(
        "practitioner-survey-results",
        "What practitioners told us",
        date(2022, 2, 7),
        "The results of this year's practitioner survey, and what we are doing about them.",
        ("management-decision-making", "voice-of-the-child"),
        (
            "Practitioners told us they value the training programme and briefings but find it hard to locate "
            "tools and procedures quickly.",
            "That is one of the reasons for the new website, designed so that anything can be found in three "
            "clicks or fewer.",
        ),
    ),
    DemoNews(
        "domestic-abuse-briefing",
        "Children living with domestic abuse: new briefing",
        date(2022, 2, 14),
        "A 7-minute briefing on children as victims of domestic abuse in their own right.",
        ("domestic-abuse",),
        (
            "An audit found agencies respond quickly to incidents but rarely ask children about their "
            "experience. The briefing suggests ways to do so safely.",
        ),
        resources=("seven-minute-briefing-domestic-abuse",),
    ),
    DemoNews(
        "early-help-briefing",
        "Early help: a reminder for every agency",
        date(2022, 3, 21),
        "Any professional can offer early help. A new briefing explains how.",
        ("early-help",),
        ("The briefing explains the early help assessment and when to step up to First Contact.",),
        audiences="pc",
        resources=("seven-minute-briefing-early-help", "what-is-early-help-leaflet"),
    ),
    DemoNews(
        "signs-of-safety-scaling",
        "Signs of Safety: scaling with children",
        date(2022, 4, 25),
        "New cards and a briefing help practitioners use scaling questions with children and families.",
        ("signs-of-safety",),
        ("Scaling helps everyone, including the child, agree how safe things are and what would improve them.",),
        resources=("seven-minute-briefing-signs-of-safety", "scaling-questions-cards"),
    ),
    DemoNews(
        "safeguarding-week-may-2022",
        "Safeguarding week: May 2022",
        date(2022, 5, 30),
        "Highlights from our spring safeguarding week, now available to watch.",
        ("harmful-sexual-behaviour", "cumulative-harm", "child-sexual-abuse"),
        (
            "This safeguarding week included a national perspective on child sexual abuse alongside local "
            "sessions on harmful sexual behaviour and cumulative harm.",
        ),
        resources=("video-safeguarding-week-highlights",),
    ),
    DemoNews(
        "child-sexual-abuse-briefing",
        "Sexual abuse within the family: new briefing",
        date(2022, 6, 13),
        "Why abuse within the family often goes unseen, and how to help children tell.",
        ("child-sexual-abuse",),
        ("The briefing accompanies the child sexual abuse training, which has received excellent evaluations.",),
        resources=("seven-minute-briefing-child-sexual-abuse",),
    ),
    DemoNews(
        "stages-of-sexual-development-tool-launched",
        "Stages of sexual development tool launched",
        date(2022, 7, 4),
        "A new tool helps practitioners decide when a child's sexual behaviour is a cause for concern.",
        ("harmful-sexual-behaviour",),
        ("Briefings on the tool are taking place across agencies this month.",),
        resources=("stages-of-sexual-development-tool",),
    ),
    DemoNews(
        "new-group-structure",
        "A simpler group structure from September",
        date(2022, 7, 25),
        "Two new groups will replace several existing ones, to focus on learning and impact.",
        ("management-decision-making",),
        (
            "From 1 September 2022 the Performance and Learning Group and the Improvement Delivery Group take "
            "over the work of several existing groups.",
            "The change is meant to help the partnership understand practice and make improvements more quickly.",
        ),
    ),
    DemoNews(
        "annual-report-2021-22-published",
        "Annual report 2021/22 published",
        date(2022, 9, 30),
        "Our annual report for 2021/22 describes progress on the four practice improvement themes.",
        ("voice-of-the-child", "harmful-sexual-behaviour", "cumulative-harm", "management-decision-making"),
        ("The report also sets out the plans for the new website and the new group structure.",),
        audiences="pc",
        resources=("annual-report-2021-22",),
    ),
    DemoNews(
        "new-website-launched",
        "Welcome to our new website",
        date(2022, 10, 10),
        "The partnership's new website is live, with a resource library, topic pages and the training "
        "programme in one place.",
        ("early-help",),
        (
            "The new site was designed from what audits, reviews and the practitioner survey told us. You "
            "should be able to find anything in three clicks or fewer.",
            "Highlights include the resource library, topic pages for each practice theme, the e-bulletin "
            "archive, and easy access to the child protection procedures.",
        ),
        audiences="pcy",
    ),
    DemoNews(
        "reflective-supervision-briefing",
        "Reflective supervision: new briefing for managers",
        date(2022, 11, 14),
        "A 7-minute briefing on supervision that starts with the child.",
        ("management-decision-making",),
        ("The briefing is part of the new training for safeguarding managers and designated safeguarding leads.",),
        resources=("seven-minute-briefing-reflective-supervision",),
    ),
)


# Procedures ----------------------------------------------------------------------------------

PROCEDURES = {
    "title": "Child protection procedures",
    "introduction": (
        "The multi-agency child protection procedures set out how agencies in County Durham work together "
        "when a child may be at risk of harm. They are kept online and updated twice a year."
    ),
    # The online manual is held on another site; the demo points at a reserved example address.
    "procedures_url": "https://procedures.example.org/county-durham/",
    "procedures_link_text": "Multi-agency child protection procedures",
}
PROCEDURES_BODY = (
    text(
        """
<h2>Using the procedures</h2>
<p>The online manual is the version to follow: printed copies go out of date. Chapters are grouped by
what you need to do, from making a referral to child protection conferences and plans.</p>
<h2>Local documents</h2>
<p>Some procedures are local to County Durham. You can find them in the
<a href="/resources/?type=procedure">resource library under "Procedure"</a>.</p>
"""
    ),
    inset("<p>Updates are announced in the <b>e-bulletin</b> and in What's New.</p>"),
)
PROCEDURE_THEMES = ("harmful-sexual-behaviour", "child-exploitation", "management-decision-making", "neglect")

AMENDMENTS: tuple[tuple[date, str, str], ...] = (
    (
        date(2022, 10, 3),
        "Harmful sexual behaviour",
        "Added the stages of sexual development tool and a link to the referral pathway.",
    ),
    (
        date(2022, 10, 3),
        "Escalation and resolving professional disagreements",
        "Shortened the timescale for stage 2 to three working days.",
    ),
    (
        date(2022, 4, 4),
        "Children missing from home or care",
        "Return conversations now offered within 72 hours of a child's return.",
    ),
    (
        date(2022, 4, 4),
        "Domestic abuse",
        "Updated to reflect the definition in the Domestic Abuse Act 2021 and children as victims in their own right.",
    ),
    (
        date(2021, 10, 4),
        "Bruising in non-mobile babies",
        "Protocol relaunched following a learning review; new flowchart.",
    ),
    (date(2021, 10, 4), "Neglect", "Added guidance on neglect of adolescents."),
    (
        date(2021, 4, 6),
        "Child protection conferences",
        "Arrangements for virtual and hybrid conferences made permanent.",
    ),
    (date(2021, 4, 6), "Information sharing", "Updated links to national guidance on information sharing."),
    (
        date(2020, 10, 5),
        "Child sexual exploitation",
        "Chapter renamed child exploitation and extended to cover criminal exploitation.",
    ),
    (date(2020, 10, 5), "Early help", "Updated the early help assessment and step-up arrangements."),
)


# Content pages -------------------------------------------------------------------------------

ABOUT = {
    "title": "About the partnership",
    "introduction": "Who the partnership is, how it is organised and how it checks that children are safer.",
}
ABOUT_BODY = (
    text(
        """
<h2>Our arrangements</h2>
<p>The partnership's arrangements began in April 2019. The three statutory safeguarding partners, the
council, the police and the integrated care board, share the lead and the cost. Schools, health trusts,
probation, youth justice and the voluntary sector are relevant agencies and take part in our work.</p>
<h2>Our groups</h2>
<p>The executive sets the direction. Groups under it look at performance and learning, deliver
improvement, oversee training, and lead on child exploitation, neglect and child deaths.</p>
<h2>Independent scrutiny</h2>
<p>An independent scrutineer reads across our work, challenges partners and reports on how well the
arrangements keep children safe.</p>
"""
    ),
)


# Bulletins -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoBulletin:
    slug: str
    title: str
    issue_date: date
    introduction: str
    editorial: str
    news: tuple[str, ...]
    resources: tuple[str, ...]
    courses: int = 0  # how many items other modules offer (courses) to pick, first in their list


BULLETINS: tuple[DemoBulletin, ...] = (
    DemoBulletin(
        "summer-2022",
        "E-bulletin: summer 2022",
        date(2022, 7, 28),
        "New tools for harmful sexual behaviour, a simpler group structure and what is coming in the autumn.",
        "<p>Thank you to everyone who took part in May's safeguarding week. This issue brings together the new "
        "harmful sexual behaviour tool, the changes to our groups from September, and the latest briefings.</p>",
        ("stages-of-sexual-development-tool-launched", "new-group-structure", "safeguarding-week-may-2022"),
        ("stages-of-sexual-development-tool", "seven-minute-briefing-child-sexual-abuse"),
        courses=1,
    ),
    DemoBulletin(
        "autumn-2022",
        "E-bulletin: autumn 2022",
        date(2022, 10, 13),
        "Our new website, the annual report for 2021/22 and the autumn training programme.",
        "<p>Our new website is live. It was shaped by what you told us in the practitioner survey: you should "
        "be able to find any tool, briefing or procedure in three clicks or fewer. Let us know what you "
        "think.</p>",
        ("new-website-launched", "annual-report-2021-22-published"),
        ("annual-report-2021-22", "seven-minute-briefing-signs-of-safety"),
        courses=2,
    ),
    DemoBulletin(
        "winter-2022",
        "E-bulletin: winter 2022",
        date(2022, 12, 8),
        "Reflective supervision, keeping children safe online over the holidays, and procedure updates.",
        "<p>As the year ends, this issue focuses on supervision for managers and designated safeguarding leads, "
        "and on keeping children safe online when new devices arrive.</p>",
        ("reflective-supervision-briefing", "online-safety-for-parents"),
        ("seven-minute-briefing-reflective-supervision", "keeping-your-child-safe-online"),
        courses=1,
    ),
)


# Loading: helpers ----------------------------------------------------------------------------


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _strip_ids(value):
    if isinstance(value, dict):
        return {key: _strip_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_strip_ids(item) for item in value]
    return value


def _stream_signature(page: Page, name: str, value) -> str:
    """A comparable form of stream data: block types and values, without the random block ids."""
    stream_field = page._meta.get_field(name)
    stream_value = stream_field.to_python(value) if not hasattr(value, "raw_data") else value
    return json.dumps(_strip_ids(stream_field.stream_block.get_prep_value(stream_value)), sort_keys=True, default=str)


def _differs(page: Page, name: str, value) -> bool:
    current = getattr(page, name)
    if hasattr(current, "raw_data"):  # a StreamField
        return _stream_signature(page, name, current) != _stream_signature(page, name, value)
    return current != value


@dataclass
class _Tally:
    created: int = 0
    updated: int = 0
    extra: dict[str, int] = field(default_factory=dict)
    # Pages and documents created or changed, for the search and reference indexes.
    touched: list = field(default_factory=list)

    def count(self, outcome: str, obj=None) -> None:
        if outcome == "created":
            self.created += 1
        elif outcome == "updated":
            self.updated += 1
        if obj is not None and outcome != "unchanged":
            self.touched.append(obj)


@contextmanager
def _indexing_deferred() -> Iterator[list]:
    """Index each page and document the loader touches once, at the end, instead of on every save.

    Creating and publishing a page saves it three times, and each save would update the search
    index and Wagtail's reference index. The loader collects what it touched in the yielded list;
    both indexes are brought up to date for those objects when the block ends.
    """
    from modelsearch import index as search_index
    from modelsearch.signal_handlers import post_save_signal_handler
    from wagtail.models import ReferenceIndex
    from wagtail.signal_handlers import disable_reference_index_auto_update

    models = [model for model in search_index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    touched: list = []
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield touched
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
    seen = set()
    for obj in touched:
        key = (type(obj)._meta.concrete_model, obj.pk)
        if key in seen:
            continue
        seen.add(key)
        search_index.insert_or_update_object(obj)
        ReferenceIndex.create_or_update_for_object(obj)


def sync_page(
    parent: Page,
    model: type[Page],
    slug: str,
    fields: dict,
    *,
    themes: Iterable[Theme] | None = None,
    published: date | None = None,
) -> tuple[Page, str]:
    """Find ``parent``'s child of ``model`` with ``slug`` and make its live version say ``fields``.

    Creates and publishes the page if missing; otherwise publishes a new revision only if a field or
    its themes differ, or it is not live. ``published`` dates a new page's first publication.
    Returns the page and "created", "updated" or "unchanged".
    """
    page = model.objects.child_of(parent).filter(slug=slug).first()
    theme_ids = sorted(theme.pk for theme in themes) if themes is not None else None
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        if theme_ids is not None:
            page.themes.set(theme_ids)
        page.save_revision().publish()
        if published is not None:
            _backdate(page, published)
        return page, "created"
    differing = [name for name, value in fields.items() if _differs(page, name, value)]
    themes_differ = theme_ids is not None and sorted(page.themes.values_list("pk", flat=True)) != theme_ids
    if not differing and not themes_differ and page.live:
        return page, "unchanged"
    for name in differing:
        setattr(page, name, fields[name])
    if themes_differ:
        page.themes.set(theme_ids)
    page.save_revision().publish()
    page.refresh_from_db()
    return page, "updated"


def _backdate(page: Page, day: date) -> None:
    """Date a new demo page's publication on its own date rather than the day the demo was loaded."""
    when = _at(day)
    Page.objects.filter(pk=page.pk).update(
        first_published_at=when, last_published_at=when, latest_revision_created_at=when
    )
    Revision.page_revisions.filter(object_id=str(page.pk)).update(created_at=when)


def _page_at(home: Page, path: str) -> Page | None:
    page = home
    for slug in path.split("/"):
        page = page.get_children().filter(slug=slug).first() if page is not None else None
    return page


def _resolve_links(body: tuple, home: Page) -> list[dict]:
    """Stream data with each ``PageLink`` turned into a link block to the page at its path."""
    resolved = []
    for block in body:
        if block["type"] == "links" and block["value"] and isinstance(block["value"][0], PageLink):
            items = []
            for link in block["value"]:
                target = _page_at(home, link.path)
                if target is not None:
                    items.append({"page": target.pk, "url": "", "title": link.title, "description": link.description})
            resolved.append({"type": "links", "value": items})
        else:
            # A copy: Wagtail writes block ids into the data it is given.
            resolved.append(copy.deepcopy(block))
    return resolved


# The text read from each generated file, by file name (which carries the file's fingerprint), so a
# process that loads the demo several times (the test suite) reads each file once.
_EXTRACTED_TEXT: dict[str, str] = {}


def sync_document(key: str, spec: DemoFile, publisher: str) -> tuple[HubDocument, str]:
    """The demo document ``key`` holding the file ``spec`` describes, made again only if its text changed.

    The file goes through the same checks and text extraction as an upload in the back office.
    """
    from hub.website.documents import check_document_file

    stem = f"demo-{key}-"
    wanted = f"{stem}{fingerprint(spec, publisher)}.{spec.extension}"
    document = HubDocument.objects.filter(file__startswith=f"documents/{stem}").first()
    if document is not None and document.file.name.rsplit("/", 1)[-1].startswith(wanted.rsplit(".", 1)[0]):
        if document.title != spec.title:
            document.title = spec.title
            document.save(update_fields=["title"])
            return document, "updated"
        return document, "unchanged"
    data = render(spec, publisher)
    if wanted not in _EXTRACTED_TEXT:
        _, _EXTRACTED_TEXT[wanted] = check_document_file(SimpleUploadedFile(wanted, data))
    extracted = _EXTRACTED_TEXT[wanted]
    outcome = "updated"
    if document is None:
        document = HubDocument(collection=Collection.get_first_root_node())
        outcome = "created"
    elif document.file:
        document.file.delete(save=False)
    document.title = spec.title
    document.extracted_text = extracted
    document.file.save(wanted, ContentFile(data), save=False)
    document._set_document_file_metadata()
    document.save()
    return document, outcome


# Loading: the tree -----------------------------------------------------------------------------


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


def _load_home(log: Callable[[str], None]) -> HomePage:
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
    # Publishing saves a copy made from the revision: read the page again for its new address,
    # which the pages added under it take as the start of theirs.
    return HomePage.objects.get(pk=home.pk)


def _load_settings() -> bool:
    settings = WebsiteSettings.load()
    differing = [name for name, value in WEBSITE_SETTINGS.items() if getattr(settings, name) != value]
    for name in differing:
        setattr(settings, name, WEBSITE_SETTINGS[name])
    if differing:
        settings.save()
    return bool(differing)


def _load_indexes(home: HomePage, tally: _Tally) -> dict[str, Page]:
    indexes = {}
    for key, model, slug, title, introduction in (
        (
            "topics",
            TopicIndexPage,
            "topics",
            "Practice topics",
            "Everything on one practice theme in one place: resources, courses, news and procedures.",
        ),
        (
            "resources",
            ResourceLibraryPage,
            "resources",
            "Resource library",
            "Briefings, guidance, tools, leaflets, posters, videos, reports, procedures and templates. Filter by "
            "type, audience or theme, or search the text of every document.",
        ),
        (
            "news",
            NewsIndexPage,
            "news",
            "What's New",
            "News, new resources and changes to procedures from the partnership.",
        ),
        (
            "bulletins",
            BulletinIndexPage,
            "bulletins",
            "E-bulletins",
            "Our e-bulletin brings the latest news, resources and courses to your inbox. Read past issues or sign up.",
        ),
    ):
        page, outcome = sync_page(home, model, slug, {"title": title, "introduction": introduction})
        tally.count(outcome, page)
        indexes[key] = page
    return indexes


def _load_audience_pages(home: HomePage, tally: _Tally) -> None:
    for demo in AUDIENCE_PAGES:
        fields = {
            "title": demo.title,
            "audience": demo.audience,
            "introduction": demo.introduction,
            "body": _resolve_links(demo.body, home),
        }
        existing = AudiencePage.objects.filter(audience=demo.audience).first()
        if existing is not None and existing.slug != demo.slug:
            continue  # staff moved or renamed it; the audience is unique, so leave theirs alone
        page, outcome = sync_page(home, AudiencePage, demo.slug, fields)
        tally.count(outcome, page)


def _load_topics(topics: Page, home: HomePage, tally: _Tally) -> int:
    count = 0
    for theme in Theme.objects.filter(is_active=True).order_by("name"):
        demo = TOPICS.get(theme.slug) or _topic_for_unknown_theme(theme)
        existing = TopicPage.objects.filter(theme=theme).first()
        if existing is not None and (existing.get_parent().pk != topics.pk or existing.slug != theme.slug):
            count += 1
            continue  # one page per theme: keep the one staff made elsewhere
        fields = {
            "title": theme.name,
            "theme": theme,
            "introduction": demo.introduction,
            "body": _resolve_links(demo.body, home),
        }
        page, outcome = sync_page(topics, TopicPage, theme.slug, fields)
        tally.count(outcome, page)
        count += 1
    return count


def _load_resources(library: Page, themes: dict[str, Theme], publisher: str, tally: _Tally) -> dict[str, ResourcePage]:
    pages = {}
    documents = _Tally()
    for demo in RESOURCES:
        document = None
        spec = demo.demo_file()
        if spec is not None:
            document, outcome = sync_document(demo.slug, spec, publisher)
            documents.count(outcome)
            if outcome != "unchanged":
                tally.touched.append(document)
        fields = {
            "title": demo.title,
            "resource_type": demo.kind,
            "summary": demo.summary,
            "publication_date": demo.published,
            "review_date": demo.review_date,
            "document": document,
            "external_url": demo.url,
            **_audience_fields(demo.audiences),
        }
        page, outcome = sync_page(
            library,
            ResourcePage,
            demo.slug,
            fields,
            themes=[themes[slug] for slug in demo.themes if slug in themes],
            published=demo.published,
        )
        tally.count(outcome, page)
        pages[demo.slug] = page
    tally.extra["documents created"] = documents.created
    tally.extra["documents remade"] = documents.updated
    return pages


def _load_downloads(resources: dict[str, ResourcePage]) -> int:
    """A year of daily download counts for each resource with a file, added once (never topped up)."""
    if ResourceDownloadDay.objects.filter(resource__in=resources.values()).exists():
        return 0
    today = timezone.localdate()
    rows = [
        ResourceDownloadDay(resource=page, day=day, count=count)
        for index, page in enumerate(resources.values())
        if page.document_id
        for day, count in download_days(index, today)
    ]
    ResourceDownloadDay.objects.bulk_create(rows)
    for page in resources.values():
        total = sum(row.count for row in rows if row.resource is page)
        ResourcePage.objects.filter(pk=page.pk).update(download_count=total)
    return len(rows)


def _load_briefing_uses(resources: dict[str, ResourcePage]) -> int:
    agencies = {agency.short_code: agency for agency in Agency.objects.all()}
    created = 0
    for slug, team, agency_code, staff, used_on, comment in briefing_uses():
        if agency_code not in agencies:
            continue
        _, made = BriefingUse.objects.get_or_create(
            briefing=resources[slug],
            team=team,
            used_on=used_on,
            defaults={"agency": agencies[agency_code], "staff_count": staff, "comment": comment},
        )
        created += made
    return created


def _load_news(news_index: Page, themes: dict[str, Theme], resources: dict[str, ResourcePage], tally: _Tally) -> None:
    for demo in NEWS:
        body = [text("".join(f"<p>{escape(paragraph)}</p>" for paragraph in demo.paragraphs))]
        linked = [resources[slug] for slug in demo.resources if slug in resources]
        if linked:
            body.append(
                {
                    "type": "links",
                    "value": [
                        {"page": page.pk, "url": "", "title": "", "description": page.summary[:120]} for page in linked
                    ],
                }
            )
        fields = {
            "title": demo.title,
            "date": demo.day,
            "summary": demo.summary,
            "introduction": "",
            "body": body,
            **_audience_fields(demo.audiences),
        }
        page, outcome = sync_page(
            news_index,
            NewsPage,
            demo.slug,
            fields,
            themes=[themes[slug] for slug in demo.themes if slug in themes],
            published=demo.day,
        )
        tally.count(outcome, page)


def _load_procedures(home: HomePage, themes: dict[str, Theme], tally: _Tally) -> ProceduresPage:
    fields = {**PROCEDURES, "body": copy.deepcopy(list(PROCEDURES_BODY))}
    existing = ProceduresPage.objects.first()
    if existing is not None and (existing.get_parent().pk != home.pk or existing.slug != "procedures"):
        return existing  # only one procedures page: keep the one staff made
    page, outcome = sync_page(
        home, ProceduresPage, "procedures", fields, themes=[themes[s] for s in PROCEDURE_THEMES if s in themes]
    )
    tally.count(outcome, page)
    wanted = [(day, chapter, change) for day, chapter, change in AMENDMENTS]
    current = [(a.date, a.chapter, a.change) for a in page.amendments.order_by("sort_order")]
    if current != wanted:
        page.amendments = [
            ProcedureAmendment(date=day, chapter=chapter, change=change, sort_order=number)
            for number, (day, chapter, change) in enumerate(wanted)
        ]
        page.save_revision().publish()
        if outcome == "unchanged":
            tally.count("updated", page)
    return page


def _load_content_pages(home: HomePage, tally: _Tally) -> None:
    """About us, and the accessibility statement and privacy notice (their text from ``statutory_pages``)."""
    from django.conf import settings

    from hub.website.statutory_pages import statutory_pages

    page, outcome = sync_page(home, ContentPage, "about-us", {**ABOUT, "body": copy.deepcopy(list(ABOUT_BODY))})
    tally.count(outcome, page)
    for fields in statutory_pages(PartnershipSettings.load(), site_url=settings.SITE_URL):
        fields = dict(fields)
        slug = fields.pop("slug")
        page, outcome = sync_page(home, ContentPage, slug, fields)
        tally.count(outcome, page)


# Loaders ---------------------------------------------------------------------------------------


def load(log: Callable[[str], None]) -> None:
    """Build or refresh the public website's demo content."""
    from hub.website.workflow import ensure_review_workflow

    if _load_settings():
        log("Website settings set (telephone numbers left blank: the demo makes none up)")
    if ensure_review_workflow():
        log('Workflow "Review by a second editor" created')
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    publisher = PartnershipSettings.load().name
    tally = _Tally()
    with _indexing_deferred() as touched:
        home = _load_home(log)
        indexes = _load_indexes(home, tally)
        topics = _load_topics(indexes["topics"], home, tally)
        resources = _load_resources(indexes["resources"], themes, publisher, tally)
        downloads = _load_downloads(resources)
        uses = _load_briefing_uses(resources)
        _load_news(indexes["news"], themes, resources, tally)
        _load_procedures(home, themes, tally)
        _load_content_pages(home, tally)
        # Last, because they link to the pages above.
        _load_audience_pages(home, tally)
        touched.extend([home, *tally.touched])
    log(
        f"{topics} topic pages, {len(RESOURCES)} resources ({tally.extra['documents created']} new files, "
        f"{tally.extra['documents remade']} remade), {len(NEWS)} What's New items, {len(AMENDMENTS)} procedure "
        f"amendments; pages: {tally.created} created, {tally.updated} updated"
    )
    if downloads or uses:
        log(f"{downloads} days of download counts and {uses} uses of 7-minute briefings recorded")


def load_bulletins(log: Callable[[str], None]) -> None:
    """Three e-bulletin issues from the demo's news and resources, and courses other modules offer."""
    from hub.core.registry import registry

    index = BulletinIndexPage.objects.first()
    if index is None:
        return
    news = {page.slug: page for page in NewsPage.objects.all()}
    resources = {page.slug: page for page in ResourcePage.objects.all()}
    offered = [key for key, _label in registry.content_choices()]
    tally = _Tally()
    with _indexing_deferred() as touched:
        _load_bulletin_issues(index, news, resources, offered, tally)
        touched.extend(tally.touched)
    log(f"{len(BULLETINS)} e-bulletin issues ({tally.created} created, {tally.updated} updated)")


def _load_bulletin_issues(index: Page, news: dict, resources: dict, offered: list[str], tally: _Tally) -> None:
    taken = 0
    for demo in BULLETINS:
        items = [text(demo.editorial)]
        items += [{"type": "news", "value": news[slug].pk} for slug in demo.news if slug in news]
        items += [{"type": "resource", "value": resources[slug].pk} for slug in demo.resources if slug in resources]
        existing = BulletinPage.objects.child_of(index).filter(slug=demo.slug).first()
        if existing is not None:
            # Courses are picked once, when the issue is made: what other modules offer changes with
            # time (courses come and go), and a sent issue should not change with it.
            items += [_strip_ids(block) for block in existing.items.raw_data if block["type"] == "item"]
        else:
            items += [{"type": "item", "value": {"item": key}} for key in offered[taken : taken + demo.courses]]
            taken += demo.courses
        fields = {
            "title": demo.title,
            "issue_date": demo.issue_date,
            "introduction": demo.introduction,
            "items": items,
        }
        page, outcome = sync_page(index, BulletinPage, demo.slug, fields, published=demo.issue_date)
        tally.count(outcome, page)
