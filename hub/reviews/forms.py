from __future__ import annotations

from django import forms

from hub.core.forms.actions import ActionForm
from hub.core.forms.fields import GovukDateField
from hub.core.models import Agency, Theme
from hub.reviews.models import (
    NO_IDENTIFYING_DETAILS,
    ChildDeath,
    DeathAnalysis,
    DeathCategory,
    Factor,
    MonitoringCheck,
    Notification,
    PracticeReview,
    RapidReview,
    validate_case_reference,
)


def _required(what: str) -> dict:
    return {"required": what, "invalid_choice": what}


def _text(label: str, *, required: bool = False, what: str = "", max_length: int = 5000, rows: int = 4):
    """A free-text box that warns against identifying details."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=NO_IDENTIFYING_DETAILS,
        error_messages={"required": what or f"Enter {label.lower()}"},
    )


def _date(label: str, *, required: bool = False, help_text: str = "For example, 14 3 2022") -> GovukDateField:
    return GovukDateField(label=label, label_for_errors=label.lower(), required=required, help_text=help_text)


def _agencies():
    return Agency.objects.filter(is_active=True).order_by("name")


class VersionedForm(forms.Form):
    """A form editing a record that others may edit too: it carries the version it was opened at."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class NotificationForm(VersionedForm):
    reference = forms.CharField(
        label="Case reference",
        max_length=30,
        validators=[validate_case_reference],
        help_text="A pseudonymous reference, for example DSCP-RR-2022-04. Never a name or initials.",
        error_messages={"required": "Enter the case reference"},
    )
    harm = forms.ChoiceField(
        label="What happened to the child",
        choices=Notification.Harm.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select whether the child died or was seriously harmed"),
    )
    incident_on = _date("Date of the incident", required=True)
    became_aware_on = _date(
        "Date the local authority became aware",
        required=True,
        help_text="Every statutory clock counts in working days from this date. For example, 14 3 2022",
    )
    notifying_agency = forms.ModelChoiceField(
        label="Notifying agency",
        queryset=None,
        empty_label="Choose the agency",
        error_messages=_required("Select the notifying agency"),
    )
    looked_after_child_died = forms.BooleanField(
        label="A looked-after child died (the Secretary of State and Ofsted are told whatever the cause)",
        required=False,
    )
    summary = _text("Summary of the incident", required=True, what="Enter a summary of the incident")
    notified_panel_on = _date("Date notified to the national panel")
    panel_reference = forms.CharField(label="National panel reference", max_length=40, required=False)
    partners_told_on = _date("Date the safeguarding partners were told")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notifying_agency"].queryset = _agencies()


class SummaryRequestForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies to ask for a summary",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Select at least one agency"),
    )
    due_on = _date("Summaries due by", help_text="Leave blank for the usual number of working days from today.")

    def __init__(self, *args, asked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _agencies().exclude(pk__in=list(asked))


class SummaryForm(VersionedForm):
    involvement = _text(
        "The agency's involvement with the child and family",
        required=True,
        what="Describe the agency's involvement with the child and family",
        rows=8,
    )
    analysis = _text("Analysis and early learning", rows=6)
    immediate_actions = _text("Action your agency has already taken", rows=4)


class DecisionForm(VersionedForm):
    meeting_on = _date("Date of the rapid review meeting")
    immediate_actions = _text("Immediate action needed for the child's or other children's safety")
    decision = forms.ChoiceField(
        label="Decision",
        choices=RapidReview.Decision.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the rapid review's decision"),
    )
    rationale = _text("Reasons for the decision", required=True, what="Explain the reasons for the decision", rows=6)
    decided_on = _date("Date of the decision", required=True)


class PanelResponseForm(VersionedForm):
    submitted_to_panel_on = _date("Date the rapid review was sent to the national panel")
    decision_notified_on = _date("Date the panel, Ofsted and DfE were told of the decision")
    panel_responded_on = _date("Date of the national panel's response")
    panel_response = _text("The national panel's response")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("panel_response") and not cleaned.get("panel_responded_on"):
            self.add_error("panel_responded_on", "Enter the date of the national panel's response")
        return cleaned


class PracticeReviewForm(VersionedForm):
    reference = forms.CharField(
        label="Review reference",
        max_length=30,
        validators=[validate_case_reference],
        error_messages={"required": "Enter the review reference"},
    )
    kind = forms.ChoiceField(
        label="Type of review",
        choices=PracticeReview.Kind.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the type of review"),
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A title that identifies nobody, for example 'Child H' or 'Neglect of siblings'.",
        error_messages={"required": "Enter a title"},
    )
    decided_on = _date("Date of the decision to review", required=True)
    stage = forms.ChoiceField(label="Stage", choices=PracticeReview.Stage.choices)
    terms_of_reference = _text("Terms of reference", rows=6)
    reviewer = forms.CharField(label="Reviewer commissioned", max_length=200, required=False)
    reviewer_commissioned_on = _date("Date the reviewer was commissioned")
    draft_received_on = _date("Date the draft report was received")
    final_report_on = _date("Date the final report was agreed")
    sent_to_panel_on = _date("Date the final report was sent to the national panel and the Secretary of State")
    publication_planned_on = _date("Publication planned for")
    published_on = _date("Date published")
    published_url = forms.URLField(
        assume_scheme="https",
        label="Where the report is published",
        required=False,
        help_text="The address of the report in the website's resource library.",
        error_messages={"invalid": "Enter the full address of the published report, starting https://"},
    )
    not_published_reason = _text("Why the report is not published")
    summary = _text("Summary of the learning", rows=6)
    themes = forms.ModelMultipleChoiceField(
        label="Practice themes", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("published_on") and not (cleaned.get("published_url") or cleaned.get("not_published_reason")):
            self.add_error("published_url", "Enter where the report is published")
        return cleaned


class MonitoringForm(forms.Form):
    checked_on = _date("Date of the check", required=True)
    timeliness = forms.ChoiceField(
        label="Is the review on time?",
        choices=MonitoringCheck.OnTrack.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select whether the review is on time"),
    )
    quality = _text("Quality of the work so far", required=True, what="Describe the quality of the work so far")
    requested_draft = forms.BooleanField(
        label="We asked the reviewer in writing for information or a draft report", required=False
    )


class RecommendationForm(forms.Form):
    text = _text("Recommendation", required=True, what="Enter the recommendation")


class LearningEventForm(forms.Form):
    held_on = _date("Date held", required=True)
    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    practitioners = forms.IntegerField(
        label="Practitioners attending",
        min_value=0,
        max_value=10000,
        error_messages={
            "required": "Enter how many practitioners attended",
            "invalid": "Enter the number of practitioners as a whole number",
            "min_value": "The number of practitioners cannot be negative",
            "max_value": "The number of practitioners must be 10,000 or fewer",
        },
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies represented", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    notes = _text("Notes")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _agencies()


class RecommendationActionForm(ActionForm):
    """The tracker's own action form; where the action came from is the recommendation itself."""

    source_label = None


class NationalReviewForm(forms.Form):
    title = forms.CharField(label="Title", max_length=250, error_messages={"required": "Enter the title"})
    published_by = forms.CharField(
        label="Published by",
        max_length=200,
        initial="Child Safeguarding Practice Review Panel",
        error_messages={"required": "Enter who published it"},
    )
    published_on = _date("Date published", required=True)
    url = forms.URLField(
        label="Where it is published",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Enter the full address, starting https://"},
    )
    summary = forms.CharField(
        label="What it found",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "Enter what the review found"},
    )
    local_response = forms.CharField(
        label="The partnership's response", required=False, widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    responded_on = _date("Date the partnership agreed its response")
    themes = forms.ModelMultipleChoiceField(
        label="Practice themes", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("local_response") and not cleaned.get("responded_on"):
            self.add_error("responded_on", "Enter the date the partnership agreed its response")
        return cleaned


# Child death reviews -----------------------------------------------------------------------------


class ChildDeathForm(VersionedForm):
    reference = forms.CharField(
        label="Case reference",
        max_length=30,
        validators=[validate_case_reference],
        help_text="A pseudonymous reference, for example CDOP-2022-014. Never a name or initials.",
        error_messages={"required": "Enter the case reference"},
    )
    age_days = forms.IntegerField(
        label="Age at death, in days",
        min_value=0,
        max_value=18 * 366,
        help_text="For a child over one year old, the days since birth (a year is about 365 days).",
        error_messages={
            "required": "Enter the child's age at death in days",
            "invalid": "Enter the age as a whole number of days",
            "min_value": "The age cannot be negative",
            "max_value": "The child death review covers children under 18",
        },
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=ChildDeath.Sex.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the sex"),
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity",
        choices=[("", "Choose the ethnic group"), *ChildDeath.Ethnicity.choices],
        error_messages=_required("Select the ethnic group, or 'Not stated'"),
    )
    died_on = _date("Date of death", required=True)
    place = forms.ChoiceField(
        label="Place of death",
        choices=ChildDeath.Place.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select the place of death"),
    )
    unexpected = forms.TypedChoiceField(
        label="Was the death expected?",
        choices=[("no", "Expected"), ("yes", "Unexpected")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages=_required("Select whether the death was expected"),
    )
    joint_agency_response = forms.BooleanField(label="A joint agency response was held", required=False)
    notified_on = _date("Date the child death review team was notified", required=True)


class NewChildDeathForm(ChildDeathForm):
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        max_length=12,
        help_text="10 digits. It is stored encrypted and shown masked; the national database needs it to avoid "
        "counting a death twice.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )


class ChildDeathProgressForm(VersionedForm):
    status = forms.ChoiceField(label="Status", choices=ChildDeath.Status.choices[:-1])
    cdrm_on = _date("Date of the child death review meeting")
    panel_on = _date("Date planned for the child death overview panel")


class NhsNumberForm(VersionedForm):
    nhs_number = forms.CharField(
        label="NHS number",
        required=False,
        max_length=12,
        help_text="10 digits; leave blank to remove it.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )


class ReportingRequestForm(forms.Form):
    agency = forms.ModelChoiceField(
        label="Agency", queryset=None, empty_label="Choose the agency", error_messages=_required("Select the agency")
    )
    professional_role = forms.CharField(
        label="Professional involved (role, not name)",
        max_length=200,
        help_text="For example 'Health visitor' or 'School nurse'.",
        error_messages={"required": "Enter the professional's role"},
    )
    due_on = _date("Reporting form due by", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()


class ReceivedForm(forms.Form):
    received_on = _date("Date received", required=True)


FACTOR_ROWS = 8


class AnalysisForm(VersionedForm):
    category = forms.ModelChoiceField(
        label="Category of death",
        queryset=None,
        empty_label="Choose the category",
        error_messages=_required("Select the category of death"),
    )
    modifiable = forms.ChoiceField(
        label="Modifiable factors",
        choices=DeathAnalysis.Modifiable.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select whether modifiable factors were identified"),
    )
    learning = _text("Learning and recommendations", rows=5)
    analysed_on = _date("Date of the panel's review", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = DeathCategory.objects.filter(valid_until__isnull=True)
        for row in range(FACTOR_ROWS):
            self.fields[f"factor_{row}_domain"] = forms.ChoiceField(
                label=f"Factor {row + 1}: domain", choices=[("", "No factor"), *Factor.Domain.choices], required=False
            )
            self.fields[f"factor_{row}_description"] = forms.CharField(
                label=f"Factor {row + 1}: description", max_length=300, required=False
            )
            self.fields[f"factor_{row}_grade"] = forms.TypedChoiceField(
                label=f"Factor {row + 1}: grade",
                choices=[("", "Choose a grade"), *Factor.Grade.choices],
                coerce=int,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        self.factor_entries = []
        for row in range(FACTOR_ROWS):
            domain = cleaned.get(f"factor_{row}_domain")
            description = (cleaned.get(f"factor_{row}_description") or "").strip()
            grade = cleaned.get(f"factor_{row}_grade")
            if not (domain or description or grade not in (None, "")):
                continue
            if not domain:
                self.add_error(f"factor_{row}_domain", f"Select the domain of factor {row + 1}")
            if not description:
                self.add_error(f"factor_{row}_description", f"Describe factor {row + 1}")
            if grade in (None, ""):
                self.add_error(f"factor_{row}_grade", f"Select the grade of factor {row + 1}")
            if domain and description and grade not in (None, ""):
                self.factor_entries.append((domain, description, grade))
        return cleaned


class ExportForm(forms.Form):
    password = forms.CharField(
        label="Password for the archive",
        min_length=12,
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Send it to the recipient separately from the file, never in the same "
        "e-mail.",
        error_messages={
            "required": "Enter a password for the archive",
            "min_length": "The password must be at least 12 characters",
        },
    )
    confirm = forms.CharField(
        label="Confirm the password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password again"},
    )
    year = forms.ChoiceField(label="Deaths reviewed in", required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", "Every year"), *[(year.slug, year.label) for year in years]]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("confirm") and cleaned["password"] != cleaned["confirm"]:
            self.add_error("confirm", "The passwords do not match")
        return cleaned


class ThematicReviewForm(forms.Form):
    title = forms.CharField(label="Theme", max_length=200, error_messages={"required": "Enter the theme"})
    held_on = _date("Date of the panel's discussion", required=True)
    deaths = forms.ModelMultipleChoiceField(
        label="Deaths considered",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required("Select the deaths the theme covers"),
    )
    findings = _text("Findings and recommendations", required=True, what="Enter the findings", rows=6)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deaths"].queryset = ChildDeath.objects.order_by("-died_on")


class PublishReportForm(forms.Form):
    title = forms.CharField(
        label="Title in the resource library",
        max_length=200,
        help_text="As the public will see it, for example 'Learning review: the men in the household'. No names.",
        error_messages={"required": "Enter the title"},
    )
    summary = forms.CharField(
        label="Summary for the library",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NO_IDENTIFYING_DETAILS,
        error_messages={"required": "Enter a short summary of the review's learning"},
    )
    published_on = _date("Publication date", required=True)
    report = forms.FileField(
        label="The final report (PDF or Word)",
        error_messages={"required": "Choose the report's file", "empty": "The file is empty"},
    )
