"""``manage.py load_demo``: the demo partnership, its printed logins and running it twice."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page, Site

from hub.core import demo, roles
from hub.core.models import Action, Agency, AuditEntry, PartnershipSettings, RoleAssignment, Theme, User
from hub.core.registry import registry
from hub.website import demo as website_demo
from hub.website.models import HomePage

DEMO_EMAIL = re.compile(r"\b[a-z]+\.[a-z]+@demo\.example\.org\b")


def run_load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def output(db, monkeypatch) -> str:
    """The command's output, running only the loaders this file is about (core and website).

    Other apps' demo data is tested by their own tests; ``test_running_load_demo_twice_changes_
    nothing_for_any_app`` runs every registered loader.
    """
    own = [row for row in registry.demo_loaders if row[1] in {"core", "website"}]
    monkeypatch.setattr(registry, "demo_loaders", own)
    return run_load_demo()


def printed_logins(output: str) -> list[str]:
    return DEMO_EMAIL.findall(output)


def printed_backup_codes(output: str) -> list[str]:
    line = next(line for line in output.splitlines() if "load_demo is run again" in line)
    return line.split(":", 1)[1].split()


def printed_totp_secret(output: str) -> str:
    line = next(line for line in output.splitlines() if "authenticator app" in line)
    return line.rsplit(":", 1)[1].strip()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_load_demo_prints_every_demo_login_with_the_shared_password(output):
    assert printed_logins(output) == [person.email for person in demo.PEOPLE]
    assert "alex.morgan@demo.example.org" in output
    assert "beth.lloyd@demo.example.org" in output
    for line in output.splitlines():
        if DEMO_EMAIL.search(line):
            assert "safeguarding-demo-2022" in line


def test_load_demo_prints_the_site_and_back_office_addresses(output):
    assert "http://127.0.0.1:8000/" in output
    assert "http://127.0.0.1:8000/admin/" in output


def test_load_demo_marks_the_logins_that_need_two_factor_sign_in(output):
    rows = {DEMO_EMAIL.search(line).group(): line for line in output.splitlines() if DEMO_EMAIL.search(line)}
    needing = {email for email, line in rows.items() if line.endswith("yes, see below")}
    assert needing == {
        "alex.morgan@demo.example.org",
        "sam.patel@demo.example.org",
        "jordan.reid@demo.example.org",
        "tom.fraser@demo.example.org",
        "nina.kaur@demo.example.org",
        "kim.dobson@demo.example.org",
        "olivia.grant@demo.example.org",
    }
    assert printed_backup_codes(output) == list(demo.BACKUP_CODES)


def test_load_demo_runs_the_core_and_website_loaders_first():
    order = [app_label for _order, app_label, _loader in registry.demo_loaders]
    assert order[:2] == ["core", "website"]


def test_running_load_demo_twice_changes_nothing_for_any_app(db):
    first_output = run_load_demo()
    before = row_counts()
    second_output = run_load_demo()
    assert row_counts() == before
    assert printed_logins(second_output) == printed_logins(first_output)


def test_running_load_demo_twice_changes_nothing(output):
    before = row_counts()
    second_output = run_load_demo()
    assert row_counts() == before
    for label in (
        "core.User",
        "core.Agency",
        "core.Theme",
        "core.Action",
        "core.ActionUpdate",
        "core.RoleAssignment",
        "core.AuditEntry",
        "core.HistoricalUser",
        "core.HistoricalAction",
        "otp_static.StaticToken",
        "otp_totp.TOTPDevice",
        "wagtailcore.Page",
        "wagtailcore.Revision",
    ):
        assert before[label] > 0, label
    assert "(0 new)" in second_output
    assert printed_logins(second_output) == printed_logins(output)


def sign_in_through_the_form(email: str) -> tuple[Client, str]:
    client = Client()
    response = client.post(reverse("core:sign-in"), {"email": email, "password": "safeguarding-demo-2022"})
    assert response.status_code == 302, email
    return client, response["Location"]


def test_every_printed_login_can_sign_in_through_the_sign_in_form(output):
    logins = printed_logins(output)
    assert len(logins) == 17
    backup_code = printed_backup_codes(output)[0]
    verify_url = reverse("core:two-factor-verify")
    for email in logins:
        client, location = sign_in_through_the_form(email)
        assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)
        if location.startswith(verify_url):
            client.post(location, {"code": backup_code})
        else:
            assert location == reverse("core:account"), email
        assert client.get(reverse("core:account")).status_code == 200, email


def test_load_demo_restores_the_demo_password_if_it_was_changed(output):
    user = User.objects.get(email="chris.hughes@demo.example.org")
    user.set_password("something else entirely")
    user.save()

    run_load_demo()

    user.refresh_from_db()
    assert user.check_password("safeguarding-demo-2022")


def test_a_printed_backup_code_passes_two_factor_for_the_business_unit_manager(output):
    user = User.objects.get(email="alex.morgan@demo.example.org")
    assert user.requires_two_factor
    code = printed_backup_codes(output)[2]
    client, location = sign_in_through_the_form(user.email)
    verify_url = reverse("core:two-factor-verify")
    assert location.startswith(verify_url)
    assert client.get(reverse("core:account"))["Location"].startswith(verify_url)

    response = client.post(location, {"code": code})

    assert response.status_code == 302
    assert client.get(reverse("core:account")).status_code == 200
    assert client.get("/admin/").status_code == 200, "the printed back office is open to the business unit"
    device = StaticDevice.objects.get(user=user, name=demo.STATIC_DEVICE_NAME)
    assert not device.token_set.filter(token=code).exists(), "a backup code works only once"
    assert AuditEntry.objects.filter(action="core.two_factor.backup_code_used", actor=user).exists()


def test_load_demo_restores_used_backup_codes_and_clears_throttling(output):
    device = StaticDevice.objects.get(user__email="tom.fraser@demo.example.org")
    assert device.verify_token("kite2345")
    assert not device.verify_token("not-a-code")
    device.refresh_from_db()
    assert device.throttling_failure_count == 1

    run_load_demo()

    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert sorted(device.token_set.values_list("token", flat=True)) == sorted(demo.BACKUP_CODES)


def test_the_printed_authenticator_secret_gives_codes_the_demo_device_accepts(output):
    key = base64.b32decode(printed_totp_secret(output))
    device = TOTPDevice.objects.get(user__email="nina.kaur@demo.example.org", name=demo.TOTP_DEVICE_NAME)
    assert device.confirmed
    code = f"{totp(key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
    assert device.verify_token(code)


def test_only_people_whose_roles_need_it_get_demo_two_factor_devices(output):
    with_devices = set(StaticDevice.objects.values_list("user__email", flat=True))
    assert with_devices == set(TOTPDevice.objects.values_list("user__email", flat=True))
    assert "chris.hughes@demo.example.org" not in with_devices
    assert "tom.fraser@demo.example.org" in with_devices


def test_the_partnership_settings_describe_the_durham_partnership(output):
    partnership = PartnershipSettings.load()
    assert partnership.name == "Durham Safeguarding Children Partnership"
    assert partnership.short_name == "DSCP"
    assert partnership.area_name == "County Durham"
    assert partnership.financial_year_start_month == 4
    assert partnership.vision == "Keeping Children Safe"
    assert partnership.values == "Tenacity, Curiosity, Openness"
    assert partnership.contact_email.endswith("@demo.example.org")


def test_the_three_statutory_partners_are_flagged(output):
    statutory = Agency.objects.filter(is_statutory_partner=True)
    assert {agency.short_code: agency.sector for agency in statutory} == {
        "dcc": Agency.Sector.LOCAL_AUTHORITY,
        "police": Agency.Sector.POLICE,
        "icb": Agency.Sector.HEALTH,
    }
    relevant = set(Agency.objects.filter(is_statutory_partner=False).values_list("short_code", flat=True))
    assert {"cddft", "tewv", "hdft", "probation", "education", "vcs", "public-health"} <= relevant
    assert Agency.objects.get(short_code="probation").sector == Agency.Sector.CRIMINAL_JUSTICE
    assert Agency.objects.get(short_code="vcs").sector == Agency.Sector.VOLUNTARY


def test_the_practice_themes_exist_with_the_four_improvement_themes_flagged(output):
    assert Theme.objects.count() == 10
    assert set(Theme.objects.filter(is_improvement_theme=True).values_list("name", flat=True)) == {
        "Voice and lived experience of the child",
        "Management understanding and decision making",
        "Harmful sexual behaviour",
        "Cumulative harm and risk assessment",
    }
    assert Theme.objects.filter(name="Signs of Safety", is_improvement_theme=False).exists()


def test_demo_people_hold_their_roles_with_verified_addresses(output):
    police = Agency.objects.get(short_code="police")
    dan = User.objects.get(email="dan.walsh@demo.example.org")
    assert dan.has_role(roles.SPOC, agency=police)
    assert dan.agency == police
    jordan = User.objects.get(email="jordan.reid@demo.example.org")
    assert jordan.role_slugs() == {roles.BUSINESS_UNIT, roles.TRAINER}
    assert jordan.groups.filter(hub_role__slug=roles.BUSINESS_UNIT).exists()
    assert jordan.has_perm("wagtailadmin.access_admin")
    grace = User.objects.get(email="grace.turner@demo.example.org")
    assert grace.agency is None
    assert grace.role_slugs() == {roles.SCRUTINEER}
    assert not User.objects.filter(email__endswith="@demo.example.org", email_verified_at__isnull=True).exists()
    kim = User.objects.get(email="kim.dobson@demo.example.org")
    assert kim.has_role(roles.RESTRAINT_RECORDER, agency=Agency.objects.get(short_code="aycliffe"))
    assert RoleAssignment.objects.filter(user__email__endswith="@demo.example.org").count() == 22


def test_demo_actions_are_dated_in_the_partnership_years_some_overdue_some_completed(output):
    actions = list(Action.objects.select_related("theme"))
    assert len(actions) == len(demo.ACTIONS)
    completed = [a for a in actions if a.status == Action.Status.COMPLETED]
    assert len(completed) == 5
    assert all(a.evidence and date(2021, 4, 1) <= a.completed_on <= date(2023, 3, 31) for a in completed)
    pledge = Action.objects.get(title="Relaunch the Professional Pledge")
    assert pledge.completed_on == date(2021, 12, 6)
    assert pledge.created_at.date() == date(2021, 6, 1)
    assert pledge.updates.get().created_at.date() == date(2021, 12, 6)
    overdue = [a for a in actions if a.is_overdue(today=date(2023, 4, 30))]
    assert len(overdue) == 5
    assert {a.theme.slug for a in actions if a.theme.is_improvement_theme} == {
        "voice-of-the-child",
        "management-decision-making",
        "harmful-sexual-behaviour",
        "cumulative-harm",
    }
    # The audit trail reads as the partnership's history, not the day the demo was loaded.
    assert not AuditEntry.objects.filter(action__startswith="core.action.", created_at__year__gt=2023).exists()


def test_the_home_page_replaces_the_default_welcome_page(output):
    site = Site.objects.get(is_default_site=True)
    home = HomePage.objects.get()
    assert site.root_page_id == home.pk
    assert home.slug == "home"
    assert home.live
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()
    contact = PartnershipSettings.load().contact_email
    assert PartnershipSettings.load().emergency_text.startswith("Call 999 in an emergency")
    assert "999" not in home.help_text, "the emergency text is shown above the help; not twice"
    assert f"mailto:{contact}" in home.help_text
    assert "Keeping Children Safe" in home.body


def test_the_home_page_is_served_at_the_site_root(output, client):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Worried about a child?" in text
    assert "Call 999 in an emergency" in text
    assert "dscp.business.unit@demo.example.org" in text


# Real people named in the partnership's annual report must never appear in the demo. Their
# names are kept here only as SHA-256 digests of lower-case words and word pairs (full names,
# surnames and the less common first names), so this file does not name them either.
REAL_NAME_DIGESTS = {
    # full names, with the spellings the report uses
    "1074d0c284b7812198b9d962",
    "ebbf30c0a9758cc405cf72a1",
    "9c6ba3d8b394c1bbb371cf82",
    "c732926681eecebd5384a1fe",
    "78d2780bec86a6cf2ac053e4",
    "9f393481f05d327173fbfa64",
    "b5e74a7d243e5f3308561d19",
    "abb7733a8ccfc0bed4f3b83c",
    # surnames
    "1b70d6adf707bdefaae0b50d",
    "127278762a70fea92147a0c3",
    "776cb326ab0cd5f0a974c1b9",
    "d4a5a10c506011a58fe8888a",
    "b92fd5209dcf31b5f4046149",
    "12a303c224c250d07c81691d",
    # the less common first names
    "853dbc39c711e07347cfb240",
    "6cf389894fcb7ae5592a370d",
}


def _digest(words: str) -> str:
    return hashlib.sha256(words.encode()).hexdigest()[:24]


def mentioned_real_names(text: str, digests: set[str] = REAL_NAME_DIGESTS) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower())
    candidates = set(words) | {f"{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    return {candidate for candidate in candidates if _digest(candidate) in digests}


def test_the_real_name_check_finds_a_name_whatever_its_case_and_punctuation():
    digests = {_digest("grace turner"), _digest("turner")}
    assert mentioned_real_names("Chaired by GRACE Turner.", digests) == {"grace turner", "turner"}
    assert mentioned_real_names("grace.turner@demo.example.org", digests) == {"grace turner", "turner"}
    assert mentioned_real_names("Alex Morgan, business unit manager", digests) == set()
    assert len(REAL_NAME_DIGESTS) == 16


def test_no_real_person_named_in_the_annual_report_appears_in_the_demo(output):
    sources = [Path(demo.__file__), Path(website_demo.__file__), Path(settings.BASE_DIR) / "docs" / "demo.md"]
    texts = [path.read_text() for path in sources if path.exists()]
    texts.append(output)
    texts.extend(f"{u.first_name} {u.last_name} {u.job_title} {u.email}" for u in User.objects.all())
    home = HomePage.objects.get()
    texts.extend([home.title, home.introduction, home.help_text, home.body])
    texts.extend(f"{a.title} {a.description} {a.evidence} {a.impact_note}" for a in Action.objects.all())
    texts.extend(f"{t.name} {t.description}" for t in Theme.objects.all())
    for text in texts:
        assert mentioned_real_names(text) == set()
