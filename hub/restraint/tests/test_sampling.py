"""The random draw: reproducible from its recorded seed, every high-level injury always included,
and a check that anyone can repeat."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest
from django.utils import timezone

from hub.restraint import sampling, services
from hub.restraint.models import Incident
from hub.restraint.tests.factories import make_home, make_incident, make_reviewer
from hub.restraint.tests.test_services import session_with_sample

POPULATION = [sampling.Candidate(f"ASC-{number:04d}", 0) for number in range(1, 41)]


def test_the_same_seed_gives_the_same_draw_and_another_seed_another():
    first = sampling.draw(POPULATION, size=6, seed="a1b2")
    assert sampling.draw(list(reversed(POPULATION)), size=6, seed="a1b2") == first
    assert [drawn.reference for drawn in sampling.draw(POPULATION, size=6, seed="ffff")] != [d.reference for d in first]
    assert len({drawn.reference for drawn in first}) == 6


def test_the_rank_is_a_documented_hash_anyone_can_work_out():
    drawn = sampling.draw(POPULATION, size=3, seed="seed-1")
    ranks = sorted(
        (hashlib.sha256(f"seed-1:{candidate.reference}".encode()).hexdigest(), candidate.reference)
        for candidate in POPULATION
    )
    assert [item.reference for item in drawn] == [reference for _, reference in ranks[:3]]
    assert all(item.because == "random" for item in drawn)


def test_stratification_always_includes_every_injury_at_the_level_even_beyond_the_size():
    population = POPULATION + [sampling.Candidate(f"INJ-{n}", level) for n, level in enumerate((2, 3, 2, 3, 2, 1, 1))]
    for seed in ("s1", "s2", "s3", "s4"):
        drawn = sampling.draw(population, size=3, seed=seed, always_include_from_level=2)
        references = [item.reference for item in drawn]
        assert {"INJ-0", "INJ-1", "INJ-2", "INJ-3", "INJ-4"} <= set(references)
        assert len(references) == 5  # the stratum is kept whole, even past the size
    drawn = sampling.draw(population, size=8, seed="s1", always_include_from_level=3)
    assert [item.reference for item in drawn if item.because == "stratum"] == ["INJ-1", "INJ-3"]
    assert len(drawn) == 8


def test_a_size_below_one_is_refused():
    with pytest.raises(ValueError):
        sampling.draw(POPULATION, size=0, seed="x")


@pytest.fixture
def home(db):
    return make_home()


def test_a_recorded_sample_repeats_from_its_seed(home):
    session, sample = session_with_sample(home, incidents=12, size=4)
    check = services.verify_sample(sample)
    assert check.population_matches and check.selection_matches
    assert [item.reference for item in check.expected] == list(
        sample.items.order_by("position").values_list("incident__home_reference", flat=True)
    )


def test_the_check_shows_when_the_population_changed_since_the_draw(home):
    session, sample = session_with_sample(home, incidents=12, size=4)
    make_incident(home, when=timezone.make_aware(datetime(2022, 3, 20, 10, 0)), reference="ZZZ-LATE")
    check = services.verify_sample(sample)
    assert not check.population_matches
    assert check.population_now == sample.population_count + 1


def test_incidents_without_cctv_are_left_out_unless_asked(home):
    reviewer = make_reviewer()
    for day in range(1, 6):
        make_incident(home, when=timezone.make_aware(datetime(2022, 3, day, 9, 0)), cctv=day != 3)
    session, _ = session_with_sample(make_home("Other", "other2"), incidents=1, size=1, reviewer=reviewer)
    session.home = home
    session.save()
    sample = services.draw_sample(actor=reviewer, session=session, size=10, reason="Wrong home at first")
    drawn = set(sample.items.values_list("incident__cctv_available", flat=True))
    assert drawn == {True} and sample.population_count == 4
    sample = services.draw_sample(actor=reviewer, session=session, size=10, only_with_cctv=False, reason="All")
    assert sample.population_count == 5 == Incident.objects.filter(home=home).count()


def test_a_drawn_sample_always_holds_the_high_level_injuries_of_the_period(home):
    reviewer = make_reviewer()
    for day in range(1, 21):
        make_incident(home, when=timezone.make_aware(datetime(2022, 3, day, 9, 0)), injury=3 if day in (4, 17) else 0)
    session = services.create_session(
        actor=reviewer,
        home=home,
        held_on=datetime(2022, 4, 9).date(),
        period_start=datetime(2022, 3, 1).date(),
        period_end=datetime(2022, 3, 31).date(),
    )
    sample = services.draw_sample(actor=reviewer, session=session, size=4, always_include_from_level=2)
    assert set(sample.items.filter(because="stratum").values_list("incident__injury", flat=True)) == {3}
    assert sample.items.filter(incident__injury=3).count() == 2
    assert sample.items.count() == 4
