"""Forms for the audit pages: cases, agency returns, stages, moderation, findings and actions."""

from __future__ import annotations

from django import forms

from hub.core.forms.actions import ActionForm
from hub.core.models import Theme
from hub.learning.audits.models import Audit, Finding, FindingCategory
from hub.learning.audits.services import NEXT_STATUSES
from hub.learning.common import IDENTIFYING_DETAILS_WARNING, answer_fields


class CaseForm(forms.Form):
    reference = forms.CharField(
        label="Case reference",
        max_length=40,
        help_text="The pseudonymous reference the owning agency issued, for example DCC-A-017. Never a name.",
        error_messages={"required": "Enter the case reference the owning agency issued"},
    )
    owning_agency = forms.ModelChoiceField(
        label="Agency that issued the reference",
        queryset=None,
        empty_label="Choose an agency",
        error_messages={"required": "Select the agency that issued the reference"},
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Agencies that complete a return on this case",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the agencies that complete a return on this case"},
    )
    context = forms.CharField(
        label="Why the case was chosen (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=IDENTIFYING_DETAILS_WARNING,
    )

    def __init__(self, *args, audit: Audit, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = audit.agencies.order_by("name")
        self.fields["owning_agency"].queryset = agencies
        self.fields["agencies"].queryset = agencies


class ReturnForm(forms.Form):
    """The template's questions; nothing is required until the agency submits."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields.update(answer_fields(questions, required=False))
        for question in questions:
            if question.kind in {"text", "long-text"}:
                field = self.fields[question.key]
                field.help_text = " ".join(part for part in (question.help_text, IDENTIFYING_DETAILS_WARNING) if part)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Move the audit to",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage to move the audit to"},
    )

    def __init__(self, *args, audit: Audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, Audit.Status(status).label) for status in NEXT_STATUSES.get(audit.status, [])
        ]


class ModerationForm(forms.Form):
    """The agreed grade for each practice area and overall, with the rationale and any dissent."""

    def __init__(self, *args, audit: Audit, **kwargs):
        super().__init__(*args, **kwargs)
        choices = audit.template.grading_scheme.choices()
        self.areas = list(audit.template.areas.all())
        for area in self.areas:
            self.fields[f"area-{area.pk}-grade"] = forms.ChoiceField(
                label=f"{area.name}: agreed grade",
                choices=choices,
                widget=forms.RadioSelect,
                help_text=area.description,
                error_messages={"required": f"Select the grade agreed for {area.name}"},
            )
            self.fields[f"area-{area.pk}-rationale"] = forms.CharField(
                label=f"{area.name}: why (optional)",
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"area-{area.pk}-dissent"] = forms.CharField(
                label=f"{area.name}: any different view (optional)",
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["overall_grade"] = forms.ChoiceField(
            label="Overall agreed grade",
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the overall grade the meeting agreed"},
        )
        self.fields["rationale"] = forms.CharField(
            label="Why the meeting agreed this grade",
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=IDENTIFYING_DETAILS_WARNING,
            error_messages={"required": "Enter why the meeting agreed this grade"},
        )
        self.fields["dissent"] = forms.CharField(
            label="Dissenting views (optional)",
            required=False,
            max_length=5000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text="Record any view that differed from the agreed grade, and which agency held it. "
            "Dissent is part of the learning.",
        )

    def area_grades(self) -> dict:
        data = self.cleaned_data
        return {
            area: (
                data.get(f"area-{area.pk}-grade", ""),
                data.get(f"area-{area.pk}-rationale", ""),
                data.get(f"area-{area.pk}-dissent", ""),
            )
            for area in self.areas
        }


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label="Is this a strength or an area for development?",
        choices=Finding.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the finding is a strength or an area for development"},
    )
    category = forms.ModelChoiceField(
        label="Category",
        queryset=FindingCategory.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the finding's category"},
    )
    themes = forms.ModelMultipleChoiceField(
        label="Practice themes (optional)",
        queryset=Theme.objects.filter(is_active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = forms.CharField(
        label="The finding in one sentence",
        max_length=300,
        error_messages={
            "required": "Enter the finding in one sentence",
            "max_length": "The finding must be 300 characters or fewer",
        },
    )
    detail = forms.CharField(
        label="What the audit saw (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=IDENTIFYING_DETAILS_WARNING,
    )
    learning_point = forms.CharField(
        label="Learning point (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What practitioners and managers should take from it.",
    )
    recommendation = forms.CharField(
        label="Recommendation (optional)",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What should change. You can raise it as an action on the tracker afterwards.",
    )

    @classmethod
    def initial_for(cls, finding: Finding) -> dict:
        return {
            "kind": finding.kind,
            "category": finding.category_id,
            "themes": list(finding.themes.values_list("pk", flat=True)),
            "summary": finding.summary,
            "detail": finding.detail,
            "learning_point": finding.learning_point,
            "recommendation": finding.recommendation,
        }


class FindingActionForm(ActionForm):
    """The tracker's own action form; where the action came from is the finding itself."""

    source_label = None


class MeetingForm(forms.Form):
    meeting = forms.ChoiceField(
        label="Which meeting?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the meeting to add the paper to"},
    )

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(meeting.uuid): meeting for meeting in meetings}
        self.fields["meeting"].choices = [(key, str(meeting)) for key, meeting in self.meetings.items()]

    def chosen(self):
        return self.meetings[self.cleaned_data["meeting"]]
