"""The restraint workflows: recording and changing incidents (with optimistic locking), sessions,
samples that cannot change once drawn, CCTV reviews and the actions raised from them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.models import Action, AuditEntry
from hub.restraint import services
from hub.restraint.models import CctvReview, Conclusion, Incident, Sample, SampleItem, ScrutinySession
from hub.restraint.tests.factories import make_home, make_incident, make_lists, make_recorder, make_reviewer


def session_with_sample(home, *, incidents: int = 8, size: int = 3, reviewer=None):
    """A session for March 2022 with ``incidents`` incidents in the period and a sample drawn."""
    reviewer = reviewer or make_reviewer(f"sampler{ScrutinySession.objects.count()}@example.org")
    for day in range(1, incidents + 1):
        make_incident(home, when=timezone.make_aware(datetime(2022, 3, day, 14, 0)), injury=0)
    session = services.create_session(
        actor=reviewer,
        home=home,
        held_on=date(2022, 4, 12),
        period_start=date(2022, 3, 1),
        period_end=date(2022, 3, 31),
    )
    sample = services.draw_sample(actor=reviewer, session=session, size=size)
    return session, sample


def _values(**overrides):
    technique, reason, location = make_lists()
    values = {
        "occurred_at": timezone.make_aware(datetime(2022, 3, 14, 15, 30)),
        "young_person": "YP-0101",
        "age_band": "15-17",
        "location": location,
        "reason": reason,
        "duration_minutes": 5,
        "staff_involved": 2,
        "injury": 1,
        "staff_injury": "none",
        "debrief_held": True,
        "young_person_view": "",
        "cctv_available": True,
        "management_review": "pending",
        "management_review_on": None,
        "management_review_notes": "",
    }
    values.update(overrides)
    return values, [technique]


@pytest.fixture
def home(db):
    return make_home()


def test_the_homes_staff_record_an_incident_and_it_is_logged(home):
    staff = make_recorder(home)
    values, techniques = _values()
    incident = services.record_incident(actor=staff, home=home, home_reference="ASC-1", techniques=techniques, **values)
    assert incident.recorded_by == staff
    assert list(incident.techniques.all()) == techniques
    assert AuditEntry.objects.filter(action="restraint.incident.recorded", object_id=str(incident.pk)).exists()


def test_staff_of_another_home_and_reviewers_cannot_record(home):
    other = make_home("Other Home", "other")
    values, techniques = _values()
    for actor in (make_recorder(other, "other@example.org"), make_reviewer()):
        with pytest.raises(DomainError):
            services.record_incident(actor=actor, home=home, home_reference="ASC-1", techniques=techniques, **values)
    assert not Incident.objects.exists()


def test_an_incident_number_is_recorded_once(home):
    staff = make_recorder(home)
    values, techniques = _values()
    services.record_incident(actor=staff, home=home, home_reference="ASC-1", techniques=techniques, **values)
    with pytest.raises(DomainError, match="already recorded") as refused:
        services.record_incident(actor=staff, home=home, home_reference="ASC-1", techniques=techniques, **values)
    assert refused.value.field == "home_reference"


def test_an_incident_in_the_future_or_a_review_before_it_is_refused(home):
    staff = make_recorder(home)
    values, techniques = _values(occurred_at=timezone.now() + timedelta(hours=2))
    with pytest.raises(DomainError, match="in the past"):
        services.record_incident(actor=staff, home=home, home_reference="ASC-1", techniques=techniques, **values)
    values, techniques = _values(management_review="completed", management_review_on=date(2022, 3, 1))
    with pytest.raises(DomainError, match="on or after the incident"):
        services.record_incident(actor=staff, home=home, home_reference="ASC-1", techniques=techniques, **values)


def test_two_people_changing_an_incident_never_overwrite_each_other(home):
    staff = make_recorder(home)
    colleague = make_recorder(home, "colleague@example.org")
    values, techniques = _values()
    incident = services.record_incident(actor=staff, home=home, home_reference="ASC-1", techniques=techniques, **values)
    opened_version = incident.version
    history_before = incident.history.count()
    first, _ = _values(duration_minutes=7)
    services.update_incident(actor=staff, incident=incident, version=opened_version, techniques=techniques, **first)
    second, _ = _values(duration_minutes=9)
    with pytest.raises(DomainError, match="Someone else changed this incident"):
        services.update_incident(
            actor=colleague, incident=incident, version=opened_version, techniques=techniques, **second
        )
    incident.refresh_from_db()
    assert incident.duration_minutes == 7
    assert incident.version == opened_version + 1
    assert incident.history.count() == history_before + 1


def test_saving_an_incident_unchanged_changes_nothing(home):
    staff = make_recorder(home)
    values, techniques = _values()
    incident = services.record_incident(actor=staff, home=home, home_reference="ASC-1", techniques=techniques, **values)
    services.update_incident(actor=staff, incident=incident, version=incident.version, techniques=techniques, **values)
    incident.refresh_from_db()
    assert incident.version == 1
    assert not AuditEntry.objects.filter(action="restraint.incident.changed").exists()


def test_a_sample_cannot_be_changed_or_deleted_once_drawn(home):
    session, sample = session_with_sample(home)
    sample.size = 5
    with pytest.raises(ValidationError):
        sample.save()
    with pytest.raises(ValidationError):
        sample.delete()
    item = sample.items.first()
    item.position = 9
    with pytest.raises(ValidationError):
        item.save()
    with pytest.raises(ValidationError):
        item.delete()
    assert Sample.objects.get(pk=sample.pk).size == 3


def test_a_redraw_needs_a_reason_and_keeps_the_first_draw(home):
    reviewer = make_reviewer("lead@example.org")
    session, first = session_with_sample(home, reviewer=reviewer)
    with pytest.raises(DomainError, match="reason") as refused:
        services.draw_sample(actor=reviewer, session=session, size=3)
    assert refused.value.field == "reason"
    second = services.draw_sample(actor=reviewer, session=session, size=4, reason="The CCTV of one incident was lost")
    first.refresh_from_db()
    assert first.superseded_by == second
    assert session.current_sample == second
    assert second.redraw_reason == "The CCTV of one incident was lost"
    assert AuditEntry.objects.filter(action="restraint.sample.redrawn").count() == 1
    assert SampleItem.objects.filter(sample=first).count() == 3


def test_only_reviewers_draw_samples(home):
    session, _ = session_with_sample(home)
    with pytest.raises(DomainError):
        services.draw_sample(actor=make_recorder(home), session=session, size=3, reason="again")


def test_a_period_without_incidents_cannot_be_drawn(home):
    reviewer = make_reviewer()
    session = services.create_session(
        actor=reviewer, home=home, held_on=date(2022, 5, 1), period_start=date(2022, 4, 1), period_end=date(2022, 4, 30)
    )
    with pytest.raises(DomainError, match="No incidents"):
        services.draw_sample(actor=reviewer, session=session, size=3)
    assert not Sample.objects.exists()


def _review(**overrides):
    values = {
        "lawful": Conclusion.YES,
        "necessary": Conclusion.YES,
        "proportionate": Conclusion.YES,
        "circumstances": "",
        "restraint": "",
        "afterwards": "",
        "learning": "",
    }
    return values | overrides


def test_a_session_completes_only_when_every_sampled_incident_is_reviewed(home):
    reviewer = make_reviewer("lead@example.org")
    session, sample = session_with_sample(home, reviewer=reviewer)
    items = list(sample.items.all())
    services.record_review(actor=reviewer, item=items[0], **_review())
    with pytest.raises(DomainError, match="2 still to do"):
        services.complete_session(actor=reviewer, session=session, summary="Fine", version=session.version)
    for item in items[1:]:
        services.record_review(actor=reviewer, item=item, **_review())
    session.refresh_from_db()
    services.complete_session(actor=reviewer, session=session, summary="All proportionate.", version=session.version)
    session.refresh_from_db()
    assert session.status == ScrutinySession.Status.COMPLETED
    with pytest.raises(DomainError, match="completed"):
        services.record_review(actor=reviewer, item=items[0], version=1, **_review(lawful=Conclusion.NO))
    with pytest.raises(DomainError, match="completed"):
        services.draw_sample(actor=reviewer, session=session, size=3, reason="again")


def test_two_reviewers_changing_a_review_never_overwrite_each_other(home):
    reviewer = make_reviewer("lead@example.org")
    other = make_reviewer("second@example.org")
    session, sample = session_with_sample(home, reviewer=reviewer)
    item = sample.items.first()
    review = services.record_review(actor=reviewer, item=item, **_review())
    services.record_review(actor=reviewer, item=item, version=review.version, **_review(learning="Good debrief"))
    with pytest.raises(DomainError, match="Someone else changed this review"):
        services.record_review(actor=other, item=item, version=review.version, **_review(learning="Overwritten"))
    assert CctvReview.objects.get(pk=review.pk).learning == "Good debrief"


def test_an_action_raised_from_a_review_names_it_as_its_source(home):
    reviewer = make_reviewer("lead@example.org")
    session, sample = session_with_sample(home, reviewer=reviewer)
    review = services.record_review(
        actor=reviewer,
        item=sample.items.first(),
        **_review(proportionate=Conclusion.CONCERNS, learning="Release sooner"),
    )
    action = services.raise_review_action(
        actor=reviewer,
        review=review,
        title="Refresher on releasing holds",
        description="",
        owner_agency=home,
        due_on=date(2022, 7, 1),
    )
    assert list(Action.objects.from_source(review)) == [action]
    assert action.source_label == "Restraint scrutiny, 12 April 2022"
    with pytest.raises(DomainError):
        services.raise_review_action(
            actor=make_recorder(home),
            review=review,
            title="x",
            description="",
            owner_agency=home,
            due_on=date(2022, 7, 1),
        )


def test_the_period_cannot_change_once_a_sample_is_drawn(home):
    reviewer = make_reviewer("lead@example.org")
    session, _ = session_with_sample(home, reviewer=reviewer)
    with pytest.raises(DomainError, match="cannot change once a sample"):
        services.update_session(actor=reviewer, session=session, version=session.version, period_start=date(2022, 2, 1))
