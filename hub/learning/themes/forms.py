"""Forms for the Improvement Delivery Group's cycle: plan, endorsement, start of delivery, impact review."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils import dateformat, timezone

from hub.core.forms.fields import GovukDateField
from hub.core.periods import current_financial_year
from hub.learning.themes.models import DeliveryCycle, ImprovementTheme

MAX_TEXT = 10000


def year_choices(today=None) -> list[tuple[str, str]]:
    """The previous, current and next two financial years, newest last."""
    current = current_financial_year(today)
    years = [current.previous(), current, current.next(), current.next().next()]
    return [(str(year.start.year), year.label) for year in years]


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ImprovementTheme) -> str:
        return obj.title


class CycleForm(forms.Form):
    """A cycle's chosen focus, the themes it serves and its improvement plan.

    Year and number are asked only when the cycle is first planned.
    """

    year = forms.ChoiceField(label="Year", error_messages={"required": "Select the year"})
    number = forms.TypedChoiceField(
        label="Cycle",
        coerce=int,
        choices=[(str(n), f"Cycle {n}") for n in range(1, DeliveryCycle.CYCLES_A_YEAR + 1)],
        widget=forms.RadioSelect,
        help_text="The Improvement Delivery Group runs three cycles a year.",
        error_messages={"required": "Select the cycle"},
    )
    focus = forms.CharField(
        label="Focus",
        max_length=250,
        help_text="The practice issue the group will work on, in a few words.",
        error_messages={"required": "Enter the focus of the cycle"},
    )
    focus_themes = ThemeChoiceField(
        label="Improvement themes it serves",
        queryset=ImprovementTheme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. The plan cannot be endorsed without at least one.",
    )
    improvement_plan = forms.CharField(
        label="Improvement plan",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the group will do, by when, and how it will know it made a difference. "
        "It can be written later, but must be written before the Executive endorses it.",
    )

    def __init__(self, *args, cycle: DeliveryCycle | None = None, **kwargs):
        if cycle is not None:
            kwargs.setdefault(
                "initial",
                {
                    "focus": cycle.focus,
                    "focus_themes": list(cycle.focus_themes.all()),
                    "improvement_plan": cycle.improvement_plan,
                },
            )
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["focus_themes"].queryset = ImprovementTheme.objects.exclude(status=ImprovementTheme.Status.CLOSED)
        if cycle is not None:
            del self.fields["year"]
            del self.fields["number"]
        else:
            self.fields["year"].choices = year_choices()
            self.fields["year"].initial = str(current_financial_year().start.year)

    def clean_year(self) -> int:
        return int(self.cleaned_data["year"])

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "focus": data["focus"],
            "focus_themes": list(data["focus_themes"]),
            "improvement_plan": data["improvement_plan"],
        }
        if self.cycle is None:
            arguments.update(year=data["year"], number=data["number"])
        return arguments


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.group.name}, {dateformat.format(timezone.localtime(obj.starts_at), 'j F Y')}"


class EndorseForm(forms.Form):
    meeting = MeetingChoiceField(
        label="Executive meeting (optional)",
        queryset=None,
        required=False,
        empty_label="Not at a meeting in the Hub",
        help_text="The meeting that endorsed the plan. Its date must be the date of endorsement.",
    )
    endorsed_on = GovukDateField(
        label="Date the Executive endorsed the plan",
        label_for_errors="the date the Executive endorsed the plan",
        help_text="For example, 27 3 2023",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The meeting is chosen by foreign key; the governance app's model is looked up, not imported.
        meeting_model = apps.get_model("governance", "Meeting")
        self.fields["meeting"].queryset = (
            meeting_model.objects.filter(group__is_executive=True, starts_at__date__lte=timezone.localdate())
            .exclude(status="cancelled")
            .select_related("group")
            .order_by("-starts_at")
        )


class StartDeliveryForm(forms.Form):
    started_on = GovukDateField(
        label="Date delivery started",
        label_for_errors="the date delivery started",
        help_text="For example, 3 4 2023",
    )


class ReviewForm(forms.Form):
    impact_review = forms.CharField(
        label="What difference did the cycle make?",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What changed in practice and for children, and the evidence: indicators, audits, "
        "training impact, what practitioners and families said.",
        error_messages={"required": "Enter what difference the cycle made"},
    )
    reviewed_on = GovukDateField(
        label="Date of the review", label_for_errors="the date of the review", help_text="For example, 30 6 2023"
    )
