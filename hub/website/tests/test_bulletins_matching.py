"""Who gets an issue: the audiences and topics of its items against each subscriber's choices."""

from __future__ import annotations

import pytest

from hub.website.bulletins import issue_tags, matching_subscriptions
from hub.website.models import Audience
from hub.website.tests.bulletin_factories import make_issue, make_subscription, news, resource, text
from hub.website.tests.factories import build_site, make_news, make_resource, make_theme

pytestmark = pytest.mark.django_db

PROFESSIONALS = Audience.PROFESSIONALS
PARENTS = Audience.PARENTS
YOUNG_PEOPLE = Audience.YOUNG_PEOPLE


@pytest.fixture
def home(db):
    return build_site()


@pytest.fixture
def themes(db):
    return {name: make_theme(name) for name in ("Neglect", "Early help", "Child exploitation")}


def _emails(bulletin) -> set[str]:
    return set(matching_subscriptions(bulletin).values_list("email", flat=True))


def test_an_issue_of_text_only_goes_to_every_active_subscriber(home, themes):
    make_subscription("pro@example.org", audiences=(PROFESSIONALS,))
    make_subscription("parent@example.org", audiences=(PARENTS,), themes=[themes["Neglect"]])
    make_subscription("waiting@example.org", confirmed=False)
    make_subscription("gone@example.org", unsubscribed=True)
    issue = make_issue(home, text("<p>A note from the chair.</p>"))

    assert _emails(issue) == {"pro@example.org", "parent@example.org"}


def test_subscribers_get_issues_with_something_for_their_audience(home):
    for_parents = make_news(home.news, for_professionals=False, for_parents=True)
    make_subscription("pro@example.org", audiences=(PROFESSIONALS,))
    make_subscription("parent@example.org", audiences=(PARENTS,))
    make_subscription("both@example.org", audiences=(PROFESSIONALS, YOUNG_PEOPLE))
    make_subscription("young@example.org", audiences=(YOUNG_PEOPLE,))
    issue = make_issue(home, news(for_parents), resource(make_resource(home.library, for_young_people=True)))

    # The resource is for professionals (the default) and young people; the news is for parents.
    assert _emails(issue) == {"pro@example.org", "parent@example.org", "both@example.org", "young@example.org"}

    professional_only = make_issue(home, news(make_news(home.news)))
    assert _emails(professional_only) == {"pro@example.org", "both@example.org"}


def test_subscribers_who_chose_topics_get_issues_on_those_topics(home, themes):
    neglect_story = make_news(home.news, themes=[themes["Neglect"]])
    make_subscription("neglect@example.org", themes=[themes["Neglect"]])
    make_subscription("neglect-and-help@example.org", themes=[themes["Neglect"], themes["Early help"]])
    make_subscription("exploitation@example.org", themes=[themes["Child exploitation"]])
    make_subscription("everything@example.org")
    issue = make_issue(home, news(neglect_story))

    assert _emails(issue) == {"neglect@example.org", "neglect-and-help@example.org", "everything@example.org"}


def test_an_issue_without_topics_goes_to_everyone_in_its_audiences_whatever_their_topics(home, themes):
    make_subscription("neglect@example.org", themes=[themes["Neglect"]])
    make_subscription("parent@example.org", audiences=(PARENTS,), themes=[themes["Neglect"]])
    issue = make_issue(home, news(make_news(home.news)))

    assert _emails(issue) == {"neglect@example.org"}


def test_both_rules_apply_together(home, themes):
    parents_neglect = make_news(home.news, for_professionals=False, for_parents=True, themes=[themes["Neglect"]])
    make_subscription("parent-neglect@example.org", audiences=(PARENTS,), themes=[themes["Neglect"]])
    make_subscription("parent-help@example.org", audiences=(PARENTS,), themes=[themes["Early help"]])
    make_subscription("pro-neglect@example.org", audiences=(PROFESSIONALS,), themes=[themes["Neglect"]])
    issue = make_issue(home, news(parents_neglect))

    assert _emails(issue) == {"parent-neglect@example.org"}


def test_the_tags_come_from_live_items_only(home, themes):
    story = make_news(home.news, for_professionals=False, for_parents=True, themes=[themes["Neglect"]])
    issue = make_issue(home, news(story))
    assert issue_tags(issue).audiences == {PARENTS}
    assert issue_tags(issue).theme_ids == {themes["Neglect"].pk}

    story.unpublish()
    issue.refresh_from_db()

    assert issue_tags(issue).audiences == frozenset()
    assert issue_tags(issue).theme_ids == frozenset()


def test_each_subscriber_is_listed_once_however_many_topics_match(home, themes):
    story = make_news(home.news, themes=[themes["Neglect"], themes["Early help"]])
    make_subscription("many@example.org", themes=[themes["Neglect"], themes["Early help"]])
    issue = make_issue(home, news(story))

    assert list(matching_subscriptions(issue).values_list("email", flat=True)) == ["many@example.org"]
