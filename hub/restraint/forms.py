from __future__ import annotations

import re
from datetime import datetime, time

from django import forms
from django.utils import timezone

from hub.core.forms.actions import ActionForm
from hub.core.forms.fields import GovukDateField
from hub.core.spreadsheets import MAX_UPLOAD_BYTES
from hub.restraint.models import (
    NO_IDENTIFYING_DETAILS,
    AgeBand,
    Conclusion,
    Incident,
    Injury,
    Location,
    ManagementReview,
    Reason,
    RestraintSettings,
    StaffInjury,
    Technique,
    validate_pseudonymous_reference,
)

_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")
YES_NO = [("yes", "Yes"), ("no", "No")]


def _required(what: str) -> dict:
    return {"required": what, "invalid_choice": what}


def _notes(label: str, *, max_length: int = 3000) -> forms.CharField:
    """An optional free-text box that warns against identifying details."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_IDENTIFYING_DETAILS,
    )


def _conclusion(label: str, what: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Conclusion.choices,
        widget=forms.RadioSelect,
        error_messages=_required(f"Select whether the restraint was {what}"),
    )


class TimeField(forms.CharField):
    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        match = _TIME.fullmatch(text.strip())
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            raise forms.ValidationError("Enter the time on the 24-hour clock, like 14:30")
        return time(int(match[1]), int(match[2]))


class IncidentForm(forms.Form):
    home = forms.ModelChoiceField(
        label="Home", queryset=None, empty_label="Choose the home", error_messages=_required("Select the home")
    )
    home_reference = forms.CharField(
        label="Incident number",
        max_length=30,
        help_text="The home's own number for the incident, for example ASC-2022-0117.",
        validators=[validate_pseudonymous_reference],
        error_messages={"required": "Enter the home's incident number"},
    )
    occurred_on = GovukDateField(
        label="Date of the incident", label_for_errors="the date of the incident", help_text="For example, 14 3 2022"
    )
    occurred_time = TimeField(
        label="Time",
        help_text="24-hour clock, for example 14:30",
        max_length=5,
        error_messages={"required": "Enter the time of the incident"},
    )
    young_person = forms.CharField(
        label="Young person's reference",
        max_length=20,
        help_text="The pseudonymous reference the home issued, for example YP-0423. Never a name.",
        validators=[validate_pseudonymous_reference],
        error_messages={"required": "Enter the young person's reference the home issued"},
    )
    age_band = forms.ChoiceField(
        label="Age",
        choices=AgeBand.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the young person's age"),
    )
    location = forms.ModelChoiceField(
        label="Where it happened",
        queryset=None,
        empty_label="Choose a location",
        error_messages=_required("Select where it happened"),
    )
    reason = forms.ModelChoiceField(
        label="Reason for the restraint",
        queryset=None,
        empty_label="Choose a reason",
        error_messages=_required("Select the reason for the restraint"),
    )
    techniques = forms.ModelMultipleChoiceField(
        label="Techniques used",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Select the techniques used"),
    )
    duration_minutes = forms.IntegerField(
        label="How long it lasted, in minutes",
        min_value=1,
        max_value=600,
        error_messages={
            "required": "Enter how long the restraint lasted, in minutes",
            "invalid": "How long it lasted must be a whole number of minutes, like 4",
            "min_value": "How long it lasted must be at least 1 minute",
            "max_value": "How long it lasted must be 600 minutes or fewer",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    staff_involved = forms.IntegerField(
        label="Staff involved",
        min_value=1,
        max_value=20,
        error_messages={
            "required": "Enter how many staff were involved",
            "invalid": "Staff involved must be a whole number, like 2",
            "min_value": "Staff involved must be at least 1",
            "max_value": "Staff involved must be 20 or fewer",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )
    injury = forms.TypedChoiceField(
        label="Injury to the young person",
        choices=Injury.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text="Level 1 is the least serious; level 3 means serious cuts, fractures or loss of consciousness.",
        error_messages=_required("Select the injury to the young person, or No injury"),
    )
    staff_injury = forms.ChoiceField(
        label="Injury to staff",
        choices=StaffInjury.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the injury to staff, or No injury"),
    )
    debrief_held = forms.ChoiceField(
        label="Was a debrief held with the young person?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=_required("Select whether a debrief was held"),
    )
    young_person_view = _notes("The young person's view (optional)", max_length=2000)
    cctv_available = forms.ChoiceField(
        label="Does CCTV of the incident exist?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages=_required("Select whether CCTV exists"),
    )
    management_review = forms.ChoiceField(
        label="Management review",
        choices=ManagementReview.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select whether the manager has reviewed the incident"),
    )
    management_review_on = GovukDateField(
        label="Date of the management review (if reviewed)",
        label_for_errors="the date of the management review",
        required=False,
    )
    management_review_notes = _notes("Management review notes (optional)", max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, homes, incident: Incident | None = None, **kwargs):
        if incident is not None and "initial" not in kwargs:
            local = timezone.localtime(incident.occurred_at)
            kwargs["initial"] = {
                "home": incident.home,
                "home_reference": incident.home_reference,
                "occurred_on": local.date(),
                "occurred_time": f"{local:%H:%M}",
                "young_person": incident.young_person,
                "age_band": incident.age_band,
                "location": incident.location,
                "reason": incident.reason,
                "techniques": list(incident.techniques.all()),
                "duration_minutes": incident.duration_minutes,
                "staff_involved": incident.staff_involved,
                "injury": incident.injury,
                "staff_injury": incident.staff_injury,
                "debrief_held": "yes" if incident.debrief_held else "no",
                "young_person_view": incident.young_person_view,
                "cctv_available": "yes" if incident.cctv_available else "no",
                "management_review": incident.management_review,
                "management_review_on": incident.management_review_on,
                "management_review_notes": incident.management_review_notes,
                "version": incident.version,
            }
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = homes
        if incident is not None or len(homes) == 1:
            # The home of an incident never changes; a person who works for one home is not asked.
            del self.fields["home"]
        if incident is not None:
            del self.fields["home_reference"]
        keep = incident.techniques.all() if incident else Technique.objects.none()
        self.fields["location"].queryset = Location.objects.filter(is_active=True) | Location.objects.filter(
            pk=getattr(incident, "location_id", None)
        )
        self.fields["reason"].queryset = Reason.objects.filter(is_active=True) | Reason.objects.filter(
            pk=getattr(incident, "reason_id", None)
        )
        self.fields["techniques"].queryset = (Technique.objects.filter(is_active=True) | keep).distinct()

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "occurred_at": timezone.make_aware(datetime.combine(data["occurred_on"], data["occurred_time"])),
            "young_person": data["young_person"],
            "age_band": data["age_band"],
            "location": data["location"],
            "reason": data["reason"],
            "duration_minutes": data["duration_minutes"],
            "staff_involved": data["staff_involved"],
            "injury": data["injury"],
            "staff_injury": data["staff_injury"],
            "debrief_held": data["debrief_held"] == "yes",
            "young_person_view": data["young_person_view"].strip(),
            "cctv_available": data["cctv_available"] == "yes",
            "management_review": data["management_review"],
            "management_review_on": data["management_review_on"],
            "management_review_notes": data["management_review_notes"].strip(),
        }


class ImportForm(forms.Form):
    home = forms.ModelChoiceField(
        label="Home", queryset=None, empty_label="Choose the home", error_messages=_required("Select the home")
    )
    file = forms.FileField(
        label="Upload the return",
        help_text="The completed template, as an Excel workbook (.xlsx) or CSV file, up to 5MB.",
        error_messages={"required": "Select the completed return", "empty": "The selected file is empty"},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, homes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = homes
        if len(homes) == 1:
            del self.fields["home"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)}MB")
        return upload


class SessionForm(forms.Form):
    home = forms.ModelChoiceField(
        label="Home", queryset=None, empty_label="Choose the home", error_messages=_required("Select the home")
    )
    held_on = GovukDateField(label="Date of the session", label_for_errors="the date of the session")
    period_start = GovukDateField(label="Draw incidents from", label_for_errors="the start of the period")
    period_end = GovukDateField(label="Draw incidents up to", label_for_errors="the end of the period")
    reviewers = forms.CharField(
        label="Reviewers (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line, by role, for example Partnership quality assurance officer.",
    )
    home_manager = forms.CharField(
        label="Manager from the home (optional)",
        required=False,
        max_length=200,
        help_text="Their role, for example Deputy manager.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, homes, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home"].queryset = homes
        if editing:
            del self.fields["home"]

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The end of the period must be on or after its start")
        return data


class DrawForm(forms.Form):
    size = forms.IntegerField(
        label="How many incidents to draw",
        min_value=1,
        max_value=50,
        error_messages={
            "required": "Enter how many incidents to draw",
            "invalid": "How many incidents to draw must be a whole number, like 6",
            "min_value": "Draw at least 1 incident",
            "max_value": "Draw 50 incidents or fewer",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )
    always_include_from_level = forms.TypedChoiceField(
        label="Always include injuries",
        coerce=int,
        choices=RestraintSettings._meta.get_field("always_include_from_level").choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select which injuries are always included"),
    )
    only_with_cctv = forms.BooleanField(label="Only incidents with CCTV", required=False)
    reason = forms.CharField(
        label="Why the sample is drawn again",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The first sample is kept, with this reason, beside the new one.",
    )

    def __init__(self, *args, redraw: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not redraw:
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        if "reason" in self.fields and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give the reason for drawing the sample again")
        return data


class ReviewForm(forms.Form):
    lawful = _conclusion("Was the restraint lawful?", "lawful")
    necessary = _conclusion("Was it necessary?", "necessary")
    proportionate = _conclusion("Was it proportionate?", "proportionate")
    circumstances = _notes("The circumstances leading up to it")
    restraint = _notes("The restraint itself")
    afterwards = _notes("What happened afterwards")
    learning = _notes("Learning")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        concerns = any(
            data.get(name) in (Conclusion.NO, Conclusion.CONCERNS) for name in ("lawful", "necessary", "proportionate")
        )
        if concerns and not (data.get("learning") or "").strip():
            self.add_error("learning", "Write the learning: the reviewers had concerns about the restraint")
        return data


class CompleteForm(forms.Form):
    summary = forms.CharField(
        label="What the session concluded",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NO_IDENTIFYING_DETAILS,
        error_messages={"required": "Write what the session concluded"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReviewActionForm(ActionForm):
    """The tracker's own action form; where the action came from is the review itself."""

    source_label = None
