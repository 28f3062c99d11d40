"""Forms of the action tracker: raising and changing an action, recording progress, filtering the tracker."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from hub.core.forms.fields import GovukDateField
from hub.core.models import Action, Agency, Theme, User, normalise_email
from hub.core.registry import registry

NO_IDENTIFYING_DETAILS = "Do not include anything that could identify a child or family."


class ActionForm(forms.Form):
    """The details of an action, as the business unit raises or changes it."""

    title = forms.CharField(
        label="What needs to be done",
        max_length=250,
        error_messages={
            "required": "Enter what needs to be done",
            "max_length": "What needs to be done must be 250 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=NO_IDENTIFYING_DETAILS,
    )
    source_label = forms.CharField(
        label="Where the action came from (optional)",
        max_length=300,
        required=False,
        help_text="For example, Executive meeting, 12 May 2022, or Neglect audit finding 3.",
        error_messages={"max_length": "Where the action came from must be 300 characters or fewer"},
    )
    owner_agency = forms.ModelChoiceField(
        label="Agency that owns the action",
        queryset=Agency.objects.none(),
        empty_label="Choose an agency",
        error_messages={
            "required": "Select the agency that owns the action",
            "invalid_choice": "Select the agency that owns the action",
        },
    )
    owner_email = forms.EmailField(
        label="Owner's e-mail address (optional)",
        required=False,
        help_text="The person in the owning agency who answers for the action. "
        "Leave blank until the agency names someone.",
        error_messages={"invalid": "Enter an e-mail address in the correct format, like name@example.org"},
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    due_on = GovukDateField(label="Due date", label_for_errors="the due date", help_text="For example, 31 3 2023")
    theme = forms.ModelChoiceField(
        label="Practice theme (optional)",
        queryset=Theme.objects.none(),
        required=False,
        empty_label="No theme",
        error_messages={"invalid_choice": "Select a practice theme from the list"},
    )

    def __init__(self, *args, action: Action | None = None, **kwargs):
        if action is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": action.title,
                    "description": action.description,
                    "source_label": action.source_label,
                    "owner_agency": action.owner_agency_id,
                    "owner_email": action.owner.email if action.owner_id else "",
                    "due_on": action.due_on,
                    "theme": action.theme_id,
                },
            )
        super().__init__(*args, **kwargs)
        # Inactive agencies and themes stay selectable on the action that already uses them.
        agency_filter = Q(is_active=True)
        theme_filter = Q(is_active=True)
        if action is not None:
            agency_filter |= Q(pk=action.owner_agency_id)
            if action.theme_id:
                theme_filter |= Q(pk=action.theme_id)
        self.fields["owner_agency"].queryset = Agency.objects.filter(agency_filter)
        self.fields["theme"].queryset = Theme.objects.filter(theme_filter)

    def clean_owner_email(self) -> User | None:
        email = normalise_email(self.cleaned_data.get("owner_email") or "")
        if not email:
            return None
        owner = User.objects.filter(email=email, is_active=True).select_related("agency").first()
        if owner is None:
            raise forms.ValidationError(
                "There is no account with that e-mail address. Check the address or ask the person to register"
            )
        return owner

    def clean(self):
        cleaned = super().clean()
        owner = cleaned.get("owner_email")
        agency = cleaned.get("owner_agency")
        if owner is not None and agency is not None and owner.agency_id != agency.pk:
            works_for = f"works for {owner.agency}" if owner.agency_id else "does not belong to an agency"
            self.add_error(
                "owner_email",
                f"The owner must work for {agency}: {owner} {works_for}. "
                "Enter someone from the owning agency or change the agency",
            )
        return cleaned

    def action_fields(self) -> dict:
        """The action's own fields, for a record's service that raises it with itself as the source."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "owner_agency": data["owner_agency"],
            "owner": data["owner_email"],
            "due_on": data["due_on"],
            "theme": data["theme"],
        }

    def service_arguments(self) -> dict:
        """The cleaned data named as ``create_action`` and ``update_action`` expect it."""
        return self.action_fields() | {"source_label": self.cleaned_data["source_label"]}


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a status", "invalid_choice": "Select a status"},
    )
    note = forms.CharField(
        label="What has happened since the last update",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NO_IDENTIFYING_DETAILS,
        error_messages={"required": "Enter what has happened since the last update"},
    )
    evidence = forms.CharField(
        label="Evidence of completion",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed to mark the action as completed: what shows it is done, for example a revised "
        "procedure, a briefing delivered or an audit result.",
    )
    impact_note = forms.CharField(
        label="Impact (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What difference the action has made for children and families, when it is known.",
    )

    def __init__(self, *args, action: Action, **kwargs):
        kwargs.setdefault(
            "initial", {"status": action.status, "evidence": action.evidence, "impact_note": action.impact_note}
        )
        super().__init__(*args, **kwargs)


RAG_FILTER_CHOICES = [
    ("", "Any"),
    (Action.Rag.RED, "Overdue"),
    (Action.Rag.AMBER, "Due soon or not updated recently"),
    (Action.Rag.GREEN, "On track"),
    (Action.Rag.COMPLETE, "Completed"),
]
OPEN_STATUSES = (Action.Status.NOT_STARTED, Action.Status.IN_PROGRESS)


def rag_condition(rag: str, today) -> Q:
    """The database condition matching ``Action.rag(today) == rag``: keep the two in step."""
    is_open = Q(status__in=OPEN_STATUSES)
    due_soon_until = today + timedelta(days=Action.DUE_SOON_DAYS)
    stale_before = timezone.make_aware(datetime.combine(today - timedelta(days=Action.STALE_DAYS), time.min))
    if rag == Action.Rag.RED:
        return is_open & Q(due_on__lt=today)
    if rag == Action.Rag.AMBER:
        return is_open & (
            Q(due_on__gte=today, due_on__lte=due_soon_until)
            | Q(due_on__gt=due_soon_until, last_updated_at__lt=stale_before)
        )
    if rag == Action.Rag.GREEN:
        return is_open & Q(due_on__gt=due_soon_until, last_updated_at__gte=stale_before)
    if rag == Action.Rag.COMPLETE:
        return Q(status=Action.Status.COMPLETED)
    return Q(status=Action.Status.CANCELLED)


class ActionFilterForm(forms.Form):
    """The tracker's filter panel (a GET form). Filters other apps registered are added as choices."""

    BUILT_IN = ("q", "agency", "theme", "status", "rag", "owner", "page")

    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="Reference, title or description",
        error_messages={"max_length": "Search must be 200 characters or fewer"},
    )
    agency = forms.ModelChoiceField(
        label="Owning agency",
        queryset=Agency.objects.all(),
        to_field_name="short_code",
        required=False,
        empty_label="Any agency",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )
    theme = forms.ModelChoiceField(
        label="Practice theme",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="Any theme",
        error_messages={"invalid_choice": "Select a practice theme from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *Action.Status.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        required=False,
        choices=RAG_FILTER_CHOICES,
        error_messages={"invalid_choice": "Select a RAG rating from the list"},
    )
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.filter(owned_actions__isnull=False).distinct(),
        to_field_name="uuid",
        required=False,
        empty_label="Anyone",
        error_messages={"invalid_choice": "Select an owner from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.registered = {}
        for name, action_filter in registry.action_filters.items():
            if name in self.BUILT_IN:
                continue
            choices = [(str(value), str(label)) for value, label in action_filter.choices()]
            self.fields[name] = forms.ChoiceField(
                label=action_filter.label,
                required=False,
                choices=[("", "Any"), *choices],
                error_messages={"invalid_choice": f"Select a {action_filter.label.lower()} shown in the list"},
            )
            self.registered[name] = action_filter

    def filter(self, queryset: QuerySet[Action], *, today) -> QuerySet[Action]:
        """``queryset`` narrowed by every valid filter; a filter with a bad value is left out."""
        self.is_valid()
        data = {name: value for name, value in getattr(self, "cleaned_data", {}).items() if name not in self.errors}
        if text := (data.get("q") or "").strip():
            queryset = queryset.filter(
                Q(reference__icontains=text) | Q(title__icontains=text) | Q(description__icontains=text)
            )
        if data.get("agency"):
            queryset = queryset.filter(owner_agency=data["agency"])
        if data.get("theme"):
            queryset = queryset.filter(theme=data["theme"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("rag"):
            queryset = queryset.filter(rag_condition(data["rag"], today))
        if data.get("owner"):
            queryset = queryset.filter(owner=data["owner"])
        for name, action_filter in self.registered.items():
            if data.get(name):
                queryset = action_filter.apply(queryset, data[name])
        return queryset

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)
