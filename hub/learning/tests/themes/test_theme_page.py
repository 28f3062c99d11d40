"""/learning/improvement/<slug>/: why, what was done and what changed, for those who read learning."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hub.core.models import Theme
from hub.core.services import create_action
from hub.learning.tests.themes.factories import make_finding, make_improvement_theme, make_practice_theme
from hub.learning.themes.models import ImpactStatement, ImprovementActivity, ImprovementTheme
from hub.testing import assert_same_query_count

pytestmark = pytest.mark.django_db


def _action(personas, title, **fields):
    return create_action(
        actor=personas.business_unit, title=title, owner_agency=personas.agency_a, due_on=date(2022, 3, 31), **fields
    )


def test_the_page_shows_rationale_findings_indicators_and_reviews(personas, client_for):
    from hub.scorecards.tests.conftest import add_indicator

    theme = make_improvement_theme(
        "Cumulative harm and risk assessment",
        rationale="Plans looked only at the latest incident.",
        review_references="Local practice review: Child F\n\nNational review: Arthur and Star",
    )
    theme.findings.add(make_finding("Risks to siblings are often missed"))
    theme.indicators.add(add_indicator("CP-04", personas.agency_a, name="Repeat child protection plans"))

    page = client_for(personas.scrutineer).get(theme.get_absolute_url()).content.decode()

    assert '<h1 class="govuk-heading-l">Cumulative harm and risk assessment</h1>' in page
    assert "Plans looked only at the latest incident." in page
    assert "Risks to siblings are often missed" in page
    assert "Cumulative harm audit</a> (2021/22)" in page or "Cumulative harm audit (2021/22)" in page
    assert '<a class="govuk-link" href="/performance/indicators/CP-04/">CP-04 Repeat child protection plans</a>' in page
    assert "<li>Local practice review: Child F</li>" in page and "<li>National review: Arthur and Star</li>" in page


def test_actions_come_from_findings_the_practice_theme_and_activities_but_not_elsewhere(personas, client_for):
    practice_theme = make_practice_theme()
    theme = make_improvement_theme(practice_theme=practice_theme)
    finding = make_finding()
    theme.findings.add(finding)
    from_finding = _action(personas, "From the finding", source=finding)
    tagged = _action(personas, "Tagged with the theme", theme=practice_theme)
    delivering = _action(personas, "Delivers an activity")
    ImprovementActivity.objects.create(
        theme=theme,
        title="Chronology training",
        status="completed",
        starts_on=date(2021, 5, 1),
        ends_on=date(2021, 9, 1),
        action=delivering,
    )
    other = Theme.objects.create(name="Neglect", slug="neglect")
    _action(personas, "Somebody else's action", theme=other)
    _action(personas, "An unrelated finding's action", source=make_finding("Unrelated"))

    page = client_for(personas.business_unit).get(theme.get_absolute_url()).content.decode()

    for action in (from_finding, tagged, delivering):
        assert (
            f'<a class="govuk-link" href="{action.get_absolute_url()}">{action.reference}: {action.title}</a>' in page
        )
    assert "Somebody else&#x27;s action" not in page
    assert "An unrelated finding" not in page
    assert "Tagged with the practice theme Cumulative harm and risk assessment" in page
    assert "Delivers an activity of this theme" in page
    assert "Chronology training" in page


def test_action_links_are_only_given_to_people_who_may_open_the_action(personas, client_for):
    from hub.governance.models import Group, Membership
    from hub.learning.common import LearningSettings

    theme = make_improvement_theme()
    action = _action(personas, "Tagged", theme=theme.practice_theme)
    idg = Group.objects.create(name="Improvement Delivery Group", slug="idg", purpose="Improves practice.")
    settings = LearningSettings.load()
    settings.improvement_group = idg
    settings.save()
    Membership.objects.create(group=idg, person=personas.spoc_b, started_on=date(2020, 1, 1))

    page = client_for(personas.spoc_b).get(theme.get_absolute_url()).content.decode()

    assert f"{action.reference}: Tagged" in page
    assert action.get_absolute_url() not in page


def test_impact_statements_show_their_evidence(personas, client_for):
    from hub.scorecards.tests.conftest import add_indicator

    theme = make_improvement_theme()
    indicator = add_indicator("HSB-01", personas.agency_a, name="Referrals to the pathway")
    ImpactStatement.objects.create(
        theme=theme,
        statement="Referrals rose to 152.",
        year=2021,
        evidence_kind="indicator-trend",
        indicator=indicator,
        evidence="Youth justice service counts.",
    )
    ImpactStatement.objects.create(
        theme=theme,
        statement="Families understand plans.",
        year=2021,
        evidence_kind="survey",
        evidence="Conference feedback.",
    )

    page = client_for(personas.executive).get(theme.get_absolute_url()).content.decode()

    changed = page.split('id="changed"')[1]
    assert "Referrals rose to 152." in changed
    assert 'indicator trend, <a class="govuk-link" href="/performance/indicators/HSB-01/">HSB-01</a>' in changed
    assert "Families understand plans." in changed and "Conference feedback." in changed
    assert "2021/22. Evidence: survey result." in changed


def test_the_page_costs_the_same_queries_with_1_and_50_actions_and_activities(personas, client_for):
    theme = make_improvement_theme()
    finding = make_finding()
    theme.findings.add(finding)

    def make_rows(count):
        start = ImprovementActivity.objects.count()
        for number in range(start, start + count):
            action = _action(personas, f"Listed action {number}", source=finding)
            ImprovementActivity.objects.create(
                theme=theme, title=f"Activity {number}", starts_on=date(2021, 5, 1), action=action
            )
            ImpactStatement.objects.create(
                theme=theme, statement=f"Statement {number}", year=2021, evidence_kind="training", action=action
            )

    response = assert_same_query_count(client_for(personas.business_unit), theme.get_absolute_url(), make_rows)

    page = response.content.decode()
    assert page.count("Listed action") == 50
    assert "Activity 49" in page and "Statement 49" in page


def test_the_list_shows_each_theme_with_its_counts(personas, client_for):
    theme = make_improvement_theme("Harmful sexual behaviour", lead_agency=personas.agency_b)
    ImprovementActivity.objects.create(
        theme=theme, title="A", status="completed", starts_on=date(2021, 4, 1), ends_on=date(2021, 5, 1)
    )
    ImprovementActivity.objects.create(theme=theme, title="B", starts_on=date(2021, 4, 1))
    make_improvement_theme("Closed theme", status=ImprovementTheme.Status.CLOSED, last_year=2021)

    def make_rows(count):
        for _ in range(count):
            make_improvement_theme()

    client = client_for(personas.executive)
    page = client.get(reverse("learning:improvement-list")).content.decode()
    assert f'<a class="govuk-link" href="{theme.get_absolute_url()}">Harmful sexual behaviour</a>' in page
    assert "1 of 2" in page
    assert "Agency B" in page
    assert "Closed</strong>" in page
    assert_same_query_count(client, reverse("learning:improvement-list"), make_rows)


def test_outputs_not_shown_with_a_statement_are_listed_under_what_changed(personas, client_for):
    from hub.training.tests.factories import make_course

    theme = make_improvement_theme()
    action = _action(personas, "Tagged", theme=theme.practice_theme)
    make_course("Chronologies in practice", slug="chronologies").actions.add(action)

    page = client_for(personas.executive).get(theme.get_absolute_url()).content.decode()

    done, changed = page.split('id="done"')[1].split('id="changed"')
    assert '<a class="govuk-link" href="/training/courses/chronologies/">Chronologies in practice</a>' in done
    assert "Nobody has attended yet" not in done
    assert "Reach and impact of courses and briefings</h3>" in changed
    assert "<li>Nobody has attended yet</li>" in changed
