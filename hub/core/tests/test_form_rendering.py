"""Every Django form renders through the GOV.UK templates with its accessibility wiring in place."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.template import engines

from hub.core.forms import GovukDateField

pytestmark = pytest.mark.django_db

PAGE = engines["django"].from_string(
    """{% extends "base.html" %}
{% block title %}Tell us about the meeting{% endblock %}
{% block content %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
{% include "forms/govuk/_error_summary.html" %}
<h1 class="govuk-heading-l">Tell us about the meeting</h1>
<form method="post" novalidate>{{ form }}
<button class="govuk-button" data-module="govuk-button">Continue</button></form>
</div></div>
{% endblock %}"""
)


class MeetingForm(forms.Form):
    title = forms.CharField(
        label="Meeting title",
        help_text="For example, Performance and Learning Group",
        error_messages={"required": "Enter the meeting title"},
    )
    contact = forms.EmailField(label="Contact e-mail address", error_messages={"required": "Enter an e-mail address"})
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    agency = forms.ChoiceField(
        label="Lead agency",
        choices=[("", "Choose an agency"), ("dcc", "Local authority"), ("police", "Police")],
        error_messages={"required": "Select the lead agency"},
    )
    mode = forms.ChoiceField(
        label="How will people attend?",
        help_text="Choose one",
        choices=[("in-person", "In person"), ("teams", "Microsoft Teams"), ("hybrid", "Hybrid")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how people will attend"},
    )
    themes = forms.MultipleChoiceField(
        label="Practice themes",
        choices=[("neglect", "Neglect"), ("exploitation", "Child exploitation")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one practice theme"},
    )
    confirm = forms.BooleanField(
        label="I have checked the papers contain no child's name",
        help_text="Use the case reference instead",
        error_messages={"required": "Confirm the papers contain no child's name"},
    )
    held_on = GovukDateField(
        label="Meeting date", help_text="For example, 27 3 2022", label_for_errors="the meeting date"
    )


VALID = {
    "title": "Neglect sub-group",
    "contact": "business.unit@example.org",
    "agency": "dcc",
    "mode": "teams",
    "themes": ["neglect"],
    "confirm": "on",
    "held_on_day": "27",
    "held_on_month": "3",
    "held_on_year": "2022",
}


def render(rf, form) -> BeautifulSoup:
    request = rf.get("/meetings/new/")
    request.user = AnonymousUser()
    request.csp_nonce = "test-nonce"
    return BeautifulSoup(PAGE.render({"form": form}, request), "html.parser")


def ids_in(soup) -> set[str]:
    return {tag["id"] for tag in soup.find_all(id=True)}


def outer_group(soup, name: str):
    groups = [g for g in soup.find_all("div", class_="govuk-form-group") if g.find(attrs={"name": name})]
    return groups[0]


@pytest.fixture
def blank(rf):
    form = MeetingForm(data={})
    assert not form.is_valid()
    return render(rf, form)


@pytest.fixture
def unbound(rf):
    return render(rf, MeetingForm())


def test_every_label_points_at_an_input_that_exists(unbound):
    labels = unbound.select("main label")
    assert labels
    for label in labels:
        target = unbound.find(id=label["for"])
        assert target is not None, label
        assert target.name in {"input", "select", "textarea"}


def test_text_inputs_have_a_label_hint_and_govuk_classes(unbound):
    title = unbound.find("input", attrs={"name": "title"})
    assert title["id"] == "id_title"
    assert "govuk-input" in title["class"]
    assert unbound.find("label", attrs={"for": "id_title"}).get_text(strip=True) == "Meeting title"
    hint = unbound.find(id="id_title-hint")
    assert hint.get_text(strip=True) == "For example, Performance and Learning Group"
    assert "govuk-hint" in hint["class"]
    assert title["aria-describedby"] == "id_title-hint"
    assert "aria-invalid" not in title.attrs


def test_each_widget_gets_its_govuk_class(unbound):
    assert unbound.find("input", attrs={"name": "contact"})["type"] == "email"
    assert "govuk-input" in unbound.find("input", attrs={"name": "contact"})["class"]
    assert "govuk-textarea" in unbound.find("textarea", attrs={"name": "notes"})["class"]
    assert "govuk-select" in unbound.find("select", attrs={"name": "agency"})["class"]
    assert "govuk-radios__input" in unbound.find("input", attrs={"name": "mode"})["class"]
    assert "govuk-checkboxes__input" in unbound.find("input", attrs={"name": "themes"})["class"]
    assert "govuk-checkboxes__input" in unbound.find("input", attrs={"name": "confirm"})["class"]


def test_a_field_without_help_text_has_no_describedby(unbound):
    contact = unbound.find("input", attrs={"name": "contact"})
    assert "aria-describedby" not in contact.attrs


def test_radios_are_a_fieldset_with_a_legend_and_hint(unbound):
    group = outer_group(unbound, "mode")
    fieldset = group.find("fieldset", class_="govuk-fieldset")
    assert fieldset.find("legend", class_="govuk-fieldset__legend").get_text(strip=True) == "How will people attend?"
    assert fieldset["aria-describedby"] == "id_mode-hint"
    assert fieldset.find(id="id_mode-hint") is not None
    radios = fieldset.find_all("input", attrs={"type": "radio"})
    assert [r["id"] for r in radios] == ["id_mode_0", "id_mode_1", "id_mode_2"]
    assert [r["value"] for r in radios] == ["in-person", "teams", "hybrid"]
    for radio in radios:
        assert fieldset.find("label", attrs={"for": radio["id"]}) is not None
    assert fieldset.find("div", class_="govuk-radios")["data-module"] == "govuk-radios"


def test_checkbox_lists_are_a_fieldset_with_a_legend(unbound):
    group = outer_group(unbound, "themes")
    fieldset = group.find("fieldset", class_="govuk-fieldset")
    assert fieldset.legend.get_text(strip=True) == "Practice themes"
    assert "aria-describedby" not in fieldset.attrs
    assert [c["id"] for c in fieldset.find_all("input", attrs={"type": "checkbox"})] == ["id_themes_0", "id_themes_1"]


def test_a_single_checkbox_has_its_label_and_hint_beside_it(unbound):
    box = unbound.find("input", attrs={"name": "confirm"})
    assert box["type"] == "checkbox"
    assert box["aria-describedby"] == "id_confirm-hint"
    assert unbound.find("label", attrs={"for": "id_confirm"}).get_text(strip=True).startswith("I have checked")
    assert unbound.find(id="id_confirm-hint").get_text(strip=True) == "Use the case reference instead"


def test_a_date_is_three_labelled_boxes_in_a_fieldset(unbound):
    group = outer_group(unbound, "held_on_day")
    fieldset = group.find("fieldset")
    assert fieldset["role"] == "group"
    assert fieldset.legend.get_text(strip=True) == "Meeting date"
    assert fieldset["aria-describedby"] == "id_held_on-hint"
    boxes = fieldset.find_all("input")
    assert [(b["name"], b["id"], b["inputmode"]) for b in boxes] == [
        ("held_on_day", "id_held_on_day", "numeric"),
        ("held_on_month", "id_held_on_month", "numeric"),
        ("held_on_year", "id_held_on_year", "numeric"),
    ]
    assert [fieldset.find("label", attrs={"for": b["id"]}).get_text(strip=True) for b in boxes] == [
        "Day",
        "Month",
        "Year",
    ]
    assert "govuk-input--width-4" in boxes[2]["class"]


def test_a_date_keeps_what_was_typed_when_the_form_is_shown_again(rf):
    soup = render(rf, MeetingForm(data={**VALID, "held_on_day": "31", "held_on_month": "2"}))
    assert soup.find("input", attrs={"name": "held_on_day"})["value"] == "31"
    assert soup.find("input", attrs={"name": "held_on_month"})["value"] == "2"
    assert soup.find("input", attrs={"name": "held_on_year"})["value"] == "2022"


def test_a_date_shows_its_initial_value(rf):
    import datetime

    soup = render(rf, MeetingForm(initial={"held_on": datetime.date(2022, 9, 5)}))
    values = [soup.find("input", attrs={"name": f"held_on_{part}"})["value"] for part in ("day", "month", "year")]
    assert values == ["5", "9", "2022"]


def test_no_error_summary_or_title_prefix_without_errors(unbound):
    assert unbound.find(class_="govuk-error-summary") is None
    assert unbound.title.get_text().startswith("Tell us about the meeting")
    assert not unbound.select(".govuk-form-group--error")


def test_the_title_starts_with_error_when_the_form_has_errors(blank):
    assert blank.title.get_text().startswith("Error: Tell us about the meeting")


def test_the_page_has_one_h1(blank):
    assert len(blank.find_all("h1")) == 1


def test_the_error_summary_links_to_the_first_input_of_each_field(blank):
    summary = blank.find(class_="govuk-error-summary")
    assert summary["data-module"] == "govuk-error-summary"
    assert summary.find(role="alert") is not None
    assert summary.find("h2", class_="govuk-error-summary__title").get_text(strip=True) == "There is a problem"
    links = [(a["href"], a.get_text(strip=True)) for a in summary.find_all("a")]
    assert links == [
        ("#id_title", "Enter the meeting title"),
        ("#id_contact", "Enter an e-mail address"),
        ("#id_agency", "Select the lead agency"),
        ("#id_mode_0", "Select how people will attend"),
        ("#id_themes_0", "Select at least one practice theme"),
        ("#id_confirm", "Confirm the papers contain no child's name"),
        ("#id_held_on_day", "Enter the meeting date"),
    ]
    page_ids = ids_in(blank)
    for href, _ in links:
        assert href[1:] in page_ids


def test_the_error_summary_comes_before_the_form(blank):
    summary = blank.find(class_="govuk-error-summary")
    form = blank.find("form")
    assert summary in form.find_all_previous()


def test_each_error_message_has_a_hidden_error_prefix(blank):
    messages = blank.select("p.govuk-error-message")
    assert len(messages) == 7
    for message in messages:
        prefix = message.find("span", class_="govuk-visually-hidden")
        assert prefix.get_text() == "Error:"
    assert blank.find(id="id_title-error").get_text(" ", strip=True) == "Error: Enter the meeting title"


def test_inputs_with_errors_are_described_by_their_hint_and_error(blank):
    page_ids = ids_in(blank)
    title = blank.find("input", attrs={"name": "title"})
    assert title["aria-describedby"].split() == ["id_title-hint", "id_title-error"]
    assert title["aria-invalid"] == "true"
    assert "govuk-input--error" in title["class"]
    contact = blank.find("input", attrs={"name": "contact"})
    assert contact["aria-describedby"] == "id_contact-error"
    assert "govuk-select--error" in blank.find("select", attrs={"name": "agency"})["class"]
    for element in blank.find_all(attrs={"aria-describedby": True}):
        for described_by in element["aria-describedby"].split():
            assert described_by in page_ids, (element, described_by)


def test_fieldsets_with_errors_are_described_by_hint_and_error(blank):
    mode = outer_group(blank, "mode")
    assert "govuk-form-group--error" in mode["class"]
    assert mode.fieldset["aria-describedby"].split() == ["id_mode-hint", "id_mode-error"]
    themes = outer_group(blank, "themes")
    assert themes.fieldset["aria-describedby"] == "id_themes-error"
    held_on = outer_group(blank, "held_on_day")
    assert held_on.fieldset["aria-describedby"].split() == ["id_held_on-hint", "id_held_on-error"]
    for box in held_on.find_all("input"):
        assert "govuk-input--error" in box["class"]


def test_every_group_with_an_error_has_the_error_modifier(blank):
    groups = blank.select("div.govuk-form-group--error")
    assert len(groups) == 7
    for group in groups:
        assert group.find("p", class_="govuk-error-message") is not None


def test_optional_fields_without_errors_stay_plain(blank):
    notes = blank.find("textarea", attrs={"name": "notes"})
    assert notes["class"] == ["govuk-textarea"]
    assert "aria-invalid" not in notes.attrs


def test_non_field_errors_appear_in_the_summary(rf):
    class CheckedForm(MeetingForm):
        def clean(self):
            raise forms.ValidationError("The meeting clashes with another meeting of the same group")

    form = CheckedForm(data=VALID)
    assert not form.is_valid()
    soup = render(rf, form)
    links = soup.find(class_="govuk-error-summary").find_all("a")
    assert [(a["href"], a.get_text(strip=True)) for a in links] == [
        ("#main-content", "The meeting clashes with another meeting of the same group")
    ]
    assert soup.title.get_text().startswith("Error: ")


def test_a_valid_form_cleans_the_date():
    import datetime

    form = MeetingForm(data=VALID)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["held_on"] == datetime.date(2022, 3, 27)


class DateForm(forms.Form):
    held_on = GovukDateField(label="Meeting date", label_for_errors="the meeting date")


class OptionalDateForm(forms.Form):
    held_on = GovukDateField(label="Meeting date", required=False, label_for_errors="the meeting date")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the meeting date"),
        ("27", "", "2022", "The meeting date must include a month"),
        ("", "3", "2022", "The meeting date must include a day"),
        ("27", "3", "", "The meeting date must include a year"),
        ("27", "", "", "The meeting date must include a month and year"),
        ("31", "2", "2022", "The meeting date must be a real date"),
        ("29", "2", "2022", "The meeting date must be a real date"),
        ("1", "13", "2022", "The meeting date must be a real date"),
        ("27", "3", "22", "Year must include 4 numbers"),
        ("27", "March", "2022", "The meeting date must be a real date, written in numbers"),
        ("27th", "3", "2022", "The meeting date must be a real date, written in numbers"),
        ("-1", "3", "2022", "The meeting date must be a real date, written in numbers"),
    ],
)
def test_date_field_messages_say_what_is_wrong(day, month, year, message):
    form = DateForm(data={"held_on_day": day, "held_on_month": month, "held_on_year": year})
    assert not form.is_valid()
    assert form.errors["held_on"] == [message]


def test_a_leap_day_is_a_real_date():
    import datetime

    form = DateForm(data={"held_on_day": "29", "held_on_month": "2", "held_on_year": "2024"})
    assert form.is_valid()
    assert form.cleaned_data["held_on"] == datetime.date(2024, 2, 29)


def test_spaces_around_the_numbers_are_ignored():
    form = DateForm(data={"held_on_day": " 5 ", "held_on_month": " 09", "held_on_year": "2022 "})
    assert form.is_valid(), form.errors


def test_an_optional_date_left_empty_is_none():
    form = OptionalDateForm(data={"held_on_day": "", "held_on_month": "", "held_on_year": ""})
    assert form.is_valid()
    assert form.cleaned_data["held_on"] is None


def test_an_optional_date_half_filled_is_still_checked():
    form = OptionalDateForm(data={"held_on_day": "5", "held_on_month": "", "held_on_year": ""})
    assert form.errors["held_on"] == ["The meeting date must include a month and year"]
