"""Forms of the training pages. Layout comes from the GOV.UK form templates.

Each area keeps its forms in its own section.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.db.models import F, QuerySet
from django.utils import dateformat, timezone

from hub.core.models import Agency, Theme
from hub.core.periods import FinancialYear, Period
from hub.training.models import (
    VERIFICATION_ALPHABET,
    VERIFICATION_CODE_LENGTH,
    Booking,
    Course,
    Event,
    Level,
)

# Programme filters ------------------------------------------------------------------------------
# The public programme's filter panel (a GET form, so the URL keeps the filters).

MONTHS_AHEAD = 12


class Availability:
    PLACES = "places"
    WAITING_LIST = "waiting-list"

    CHOICES = [
        ("", "All dates"),
        (PLACES, "Dates with places left"),
        (WAITING_LIST, "Full dates (waiting list only)"),
    ]


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    return date(day.year + month_index // 12, month_index % 12 + 1, 1)


def month_choices(today: date) -> list[tuple[str, str]]:
    """This month and the next eleven, as ``("2026-03", "March 2026")``."""
    first = today.replace(day=1)
    months = [_add_months(first, offset) for offset in range(MONTHS_AHEAD)]
    return [(f"{month:%Y-%m}", dateformat.format(month, "F Y")) for month in months]


class ProgrammeFilterForm(forms.Form):
    """Narrows the programme by theme, level, month, delivery mode and availability.

    A filter with a value that is not in its list is left out and its error shown, so a
    mistyped or stale URL still lists courses rather than failing.
    """

    theme = forms.ModelChoiceField(
        label="Practice theme",
        queryset=Theme.objects.filter(is_active=True).order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="Any theme",
        error_messages={"invalid_choice": "Select a practice theme from the list"},
    )
    level = forms.TypedChoiceField(
        label="Level",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any level"), *[(level.value, f"Level {level.value}") for level in Level]],
        error_messages={"invalid_choice": "Select a level from the list"},
    )
    month = forms.ChoiceField(
        label="Month",
        required=False,
        error_messages={"invalid_choice": "Select a month from the list"},
    )
    mode = forms.ChoiceField(
        label="How it is delivered",
        required=False,
        choices=[("", "Any way"), *Course.DeliveryMode.choices],
        error_messages={"invalid_choice": "Select a way of delivering the course from the list"},
    )
    availability = forms.ChoiceField(
        label="Places",
        required=False,
        choices=Availability.CHOICES,
        error_messages={"invalid_choice": "Select which dates to show from the list"},
    )

    def __init__(self, *args, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["month"].choices = [("", "Any month"), *month_choices(self.today)]

    @property
    def valid_data(self) -> dict:
        """The filters whose values are valid (the others are ignored)."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors and value not in (None, "")
        }

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in self.fields)

    @property
    def filters_dates(self) -> bool:
        """Whether a valid filter is about dates (month or places), which courses without dates cannot match."""
        return bool({"month", "availability"} & set(self.valid_data))

    def filter_courses(self, courses: QuerySet[Course]) -> QuerySet[Course]:
        data = self.valid_data
        if "theme" in data:
            courses = courses.filter(pk__in=Course.objects.filter(themes=data["theme"]).values("pk"))
        if "level" in data:
            courses = courses.filter(level=data["level"])
        if "mode" in data:
            courses = courses.filter(delivery_mode=data["mode"])
        return courses

    def filter_events(self, events: QuerySet[Event]) -> QuerySet[Event]:
        """``events`` (annotated ``with_places_left()``) narrowed by month and availability."""
        data = self.valid_data
        if "month" in data:
            start = date.fromisoformat(f"{data['month']}-01")
            tz = timezone.get_current_timezone()
            events = events.filter(
                starts_at__gte=timezone.make_aware(datetime.combine(start, time.min), tz),
                starts_at__lt=timezone.make_aware(datetime.combine(_add_months(start, 1), time.min), tz),
            )
        if data.get("availability") == Availability.PLACES:
            events = events.filter(annotated_places_taken__lt=F("capacity"))
        elif data.get("availability") == Availability.WAITING_LIST:
            events = events.filter(annotated_places_taken__gte=F("capacity"))
        return events


# End of programme filters -----------------------------------------------------------------------


# Register ---------------------------------------------------------------------------------------
# The trainer's register: one radio group per delegate, all in one form (see views/register.py).

ATTENDANCE_CHOICES = [
    (Booking.Status.ATTENDED, "Attended"),
    (Booking.Status.PARTLY_ATTENDED, "Partly attended"),
    (Booking.Status.NO_SHOW, "Did not attend"),
]


class RegisterForm(forms.Form):
    """Attended, partly attended or did not attend, for each delegate of an event.

    ``bookings`` are the event's delegates; ``notes`` maps a booking's primary key to a line
    shown under the delegate's name (their agency, a charge, a booking block). A row left
    blank is not marked; ``changes()`` lists only the rows whose answer differs from the
    booking's current status.
    """

    PREFIX = "delegate-"

    def __init__(self, *args, bookings, notes: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        notes = notes or {}
        self.bookings: dict[str, Booking] = {}
        for booking in bookings:
            name = f"{self.PREFIX}{booking.uuid}"
            self.bookings[name] = booking
            self.fields[name] = forms.ChoiceField(
                label=booking.person.full_name or booking.person.email,
                choices=ATTENDANCE_CHOICES,
                required=False,
                initial=booking.status if booking.status in Booking.ATTENDANCE_STATUSES else None,
                help_text=notes.get(booking.pk, ""),
                widget=forms.RadioSelect(attrs={"inline": True}),
                error_messages={"invalid_choice": f"Select whether {booking.person.full_name} attended"},
            )

    def changes(self) -> list[tuple[Booking, str]]:
        """``(booking, new status)`` for each row whose answer changed."""
        return [
            (booking, self.cleaned_data[name])
            for name, booking in self.bookings.items()
            if self.cleaned_data.get(name) and self.cleaned_data[name] != booking.status
        ]


class ChargesFilterForm(forms.Form):
    """The charges report's filters: financial year, quarter or month, agency (a GET form)."""

    year = forms.ChoiceField(
        label="Financial year", required=False, error_messages={"invalid_choice": "Select a year from the list"}
    )
    period = forms.ChoiceField(
        label="Period", required=False, error_messages={"invalid_choice": "Select a period from the list"}
    )
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.order_by("name"),
        to_field_name="short_code",
        required=False,
        empty_label="All agencies",
        error_messages={"invalid_choice": "Select an agency from the list"},
    )

    def __init__(self, *args, years: list[FinancialYear], current: FinancialYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["year"].choices = [(year.slug, year.label) for year in years]
        self.fields["year"].initial = current.slug
        self.fields["period"].choices = [("", "Whole year"), *period_choices(current.start_month)]

    def selection(self) -> tuple[FinancialYear, Period | None, Agency | None]:
        """The year, the period within it (``None`` for the whole year) and the agency chosen.

        Invalid values fall back to the current year, the whole year and every agency.
        """
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        year = self.current
        if data.get("year") and "year" not in self.errors:
            year = FinancialYear.parse(data["year"], self.current.start_month)
        period = period_of(year, data.get("period") or "") if "period" not in self.errors else None
        agency = data.get("agency") if "agency" not in self.errors else None
        return year, period, agency

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in ("period", "agency"))


def period_choices(start_month: int) -> list[tuple[str, str]]:
    """Quarters (``q1``...) and months (``m1``... counted from the year's first month)."""
    months = [date(2000, (start_month - 1 + offset) % 12 + 1, 1) for offset in range(12)]
    quarters = [
        (f"q{number + 1}", f"Quarter {number + 1} ({months[number * 3]:%B} to {months[number * 3 + 2]:%B})")
        for number in range(4)
    ]
    return quarters + [(f"m{offset + 1}", f"{month:%B}") for offset, month in enumerate(months)]


def period_of(year: FinancialYear, value: str) -> Period | None:
    """The quarter or month of ``year`` that a ``period_choices`` value names."""
    if value.startswith("q") and value[1:].isdigit() and 1 <= int(value[1:]) <= 4:
        return year.quarters()[int(value[1:]) - 1]
    if value.startswith("m") and value[1:].isdigit() and 1 <= int(value[1:]) <= 12:
        return year.months()[int(value[1:]) - 1]
    return None


class WaiveChargeForm(forms.Form):
    reason = forms.CharField(
        label="Why is the charge being waived?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the course was moved at short notice or the delegate was ill. "
        "The agency's invoice will not include this charge.",
        error_messages={
            "required": "Enter why the charge is being waived",
            "max_length": "The reason must be 2000 characters or fewer",
        },
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter why the charge is being waived")
        return reason


# End of register --------------------------------------------------------------------------------


# Evaluation -------------------------------------------------------------------------------------

CONFIDENCE_CHOICES = [(number, str(number)) for number in range(1, 11)]
RATING_CHOICES = [(number, str(number)) for number in range(1, 6)]
RATING_HINT = "1 is poor and 5 is excellent."
NO_IDENTIFYING_DETAILS = "Do not include anything that could identify a child or family."
LONG_TEXT = 5000


def _scale(label: str, choices, required_message: str, hint: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        help_text=hint,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": required_message, "invalid_choice": required_message},
    )


def _text(label: str, *, required_message: str = "", hint: str = NO_IDENTIFYING_DETAILS) -> forms.CharField:
    name = label[0].lower() + label[1:]
    return forms.CharField(
        label=label if required_message else f"{label} (optional)",
        required=bool(required_message),
        max_length=LONG_TEXT,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=hint,
        error_messages={
            "required": required_message,
            "max_length": f"{name[0].upper()}{name[1:]} must be {LONG_TEXT} characters or fewer",
        },
    )


class EvaluationForm(forms.Form):
    """A delegate's evaluation of a course they attended."""

    confidence_before = _scale(
        "How confident did you feel about the subject before the course?",
        CONFIDENCE_CHOICES,
        "Select how confident you felt before the course",
        "1 is not at all confident and 10 is very confident.",
    )
    confidence_after = _scale(
        "How confident do you feel about the subject now?",
        CONFIDENCE_CHOICES,
        "Select how confident you feel now",
        "1 is not at all confident and 10 is very confident.",
    )
    content_rating = _scale("How good was the content?", RATING_CHOICES, "Select a rating for the content", RATING_HINT)
    trainer_rating = _scale("How good was the trainer?", RATING_CHOICES, "Select a rating for the trainer", RATING_HINT)
    materials_rating = _scale(
        "How good were the materials?", RATING_CHOICES, "Select a rating for the materials", RATING_HINT
    )
    overall_rating = _scale(
        "How good was the course overall?", RATING_CHOICES, "Select a rating for the course overall", RATING_HINT
    )
    will_do_differently = _text(
        "What will you do differently in your work?",
        required_message="Enter what you will do differently in your work",
    )
    comments = _text("Any other comments")


class WeekEvaluationForm(forms.Form):
    """A person's evaluation of a safeguarding week as a whole."""

    overall_rating = _scale(
        "How good was the week overall?", RATING_CHOICES, "Select a rating for the week overall", RATING_HINT
    )
    relevance_rating = _scale(
        "How relevant was the week to your work?",
        RATING_CHOICES,
        "Select how relevant the week was to your work",
        "1 is not relevant and 5 is very relevant.",
    )
    organisation_rating = _scale(
        "How well was the week organised?",
        RATING_CHOICES,
        "Select how well the week was organised",
        "1 is poorly and 5 is very well.",
    )
    most_useful = _text("What was most useful")
    comments = _text("Any other comments")


class CertificateCodeForm(forms.Form):
    """The public certificate check: the code printed on a certificate."""

    code = forms.CharField(
        label="Verification code",
        max_length=40,
        help_text="Printed at the bottom of the certificate, for example ABCD-EFGH-JKMN.",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off", "class": "govuk-input--width-20"}),
        error_messages={
            "required": "Enter the verification code",
            "max_length": "Enter the verification code as it is printed on the certificate",
        },
    )

    def clean_code(self) -> str:
        code = normalise_verification_code(self.cleaned_data["code"])
        if len(code) != VERIFICATION_CODE_LENGTH or any(char not in VERIFICATION_ALPHABET for char in code):
            raise forms.ValidationError(
                "Enter the verification code as it is printed on the certificate, like ABCD-EFGH-JKMN"
            )
        return code


def normalise_verification_code(text: str) -> str:
    """Upper case without spaces or dashes, so ``abcd-efgh-jkmn`` finds ``ABCDEFGHJKMN``."""
    return "".join(char for char in (text or "").upper() if char not in " -\t")


# End of evaluation ------------------------------------------------------------------------------


# Impact -----------------------------------------------------------------------------------------


class ImpactResponseForm(forms.Form):
    """The delegate's answer to the impact follow-up, some months after the course."""

    practice_change = _text(
        "How has the course changed your practice?",
        required_message="Enter how the course has changed your practice",
        hint="For example, something you now do differently in assessments, supervision or meetings. "
        + NO_IDENTIFYING_DETAILS,
    )
    difference_for_children = _text(
        "What difference has it made for children and families?",
        required_message="Enter what difference it has made for children and families",
        hint=NO_IDENTIFYING_DETAILS,
    )
    impact_themes = forms.ModelMultipleChoiceField(
        label="Which practice themes has it made a difference to? (optional)",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
        error_messages={
            "invalid_choice": "Select practice themes from the list",
            "invalid_pk_value": "Select practice themes from the list",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["impact_themes"].queryset = Theme.objects.filter(is_active=True).order_by("name")


class ImpactYearForm(forms.Form):
    """The impact summary's year (a GET form)."""

    year = forms.ChoiceField(
        label="Financial year", required=False, error_messages={"invalid_choice": "Select a year from the list"}
    )

    def __init__(self, *args, years: list[FinancialYear], current: FinancialYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["year"].choices = [(year.slug, year.label) for year in years]
        self.fields["year"].initial = current.slug

    def selected_year(self) -> FinancialYear:
        if self.is_valid() and self.cleaned_data.get("year"):
            return FinancialYear.parse(self.cleaned_data["year"], self.current.start_month)
        return self.current


# End of impact ----------------------------------------------------------------------------------


# Booking forms ----------------------------------------------------------------------------------
# Booking a place, waiting lists, offers, approvals, cancelling and substitution (views/booking.py
# and views/account.py). The services check the rules again; these forms only collect and normalise.

MANAGER_EMAIL_HELP = "We e-mail your line manager a link to approve or decline the booking."


def _add_manager_fields(form: forms.Form, *, person, initial_email: str = "") -> None:
    form.fields["manager_email"] = forms.EmailField(
        label="Your line manager's e-mail address",
        help_text=MANAGER_EMAIL_HELP,
        max_length=254,
        initial=initial_email,
        error_messages={
            "required": "Enter your line manager's e-mail address",
            "invalid": "Enter your line manager's e-mail address in the correct format, like name@example.org",
            "max_length": "The e-mail address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    form.fields["manager_name"] = forms.CharField(
        label="Your line manager's name (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The name must be 200 characters or fewer"},
    )
    form.person = person


def _clean_manager_email(form: forms.Form) -> str:
    email = (form.cleaned_data.get("manager_email") or "").strip().lower()
    if email and email == (form.person.email or "").strip().lower():
        raise forms.ValidationError("Enter your line manager's e-mail address, not your own")
    return email


class BookPlaceForm(forms.Form):
    """Books a place (or a waiting-list place): only asks for the line manager when the course needs
    approval. ``initial_manager_email`` is the address the person gave last time."""

    def __init__(self, *args, person, needs_approval: bool, initial_manager_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_approval = needs_approval
        self.person = person
        if needs_approval:
            _add_manager_fields(self, person=person, initial_email=initial_manager_email)

    def clean_manager_email(self):
        return _clean_manager_email(self)

    def manager_details(self) -> dict[str, str]:
        return {
            "manager_email": self.cleaned_data.get("manager_email", ""),
            "manager_name": self.cleaned_data.get("manager_name", ""),
        }


class WeekBookingForm(forms.Form):
    """The sessions of a safeguarding week a person chooses, booked together.

    ``events`` are the sessions still open for booking. The line manager's address is asked for
    when any of them needs approval and is required only when a chosen one does.
    """

    events = forms.MultipleChoiceField(
        label="Sessions",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one session",
            "invalid_choice": "Select sessions from the list; one you chose can no longer be booked",
        },
    )

    def __init__(self, *args, person, events, labels: dict[str, str], initial_manager_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.events_by_uuid = {str(event.uuid): event for event in events}
        self.fields["events"].choices = [(key, labels[key]) for key in self.events_by_uuid]
        self.any_needs_approval = any(event.course.needs_manager_approval for event in events)
        if self.any_needs_approval:
            _add_manager_fields(self, person=person, initial_email=initial_manager_email)
            self.fields["manager_email"].required = False
            self.fields["manager_email"].help_text = (
                "Some sessions need your line manager's approval. " + MANAGER_EMAIL_HELP
            )

    def clean_manager_email(self):
        return _clean_manager_email(self)

    def clean(self):
        data = super().clean()
        chosen = self.chosen_events() if "events" in data else []
        if (
            self.any_needs_approval
            and any(event.course.needs_manager_approval for event in chosen)
            and not data.get("manager_email")
            and "manager_email" not in self.errors
        ):
            self.add_error("manager_email", "Enter your line manager's e-mail address")
        return data

    def chosen_events(self) -> list:
        return [self.events_by_uuid[key] for key in self.cleaned_data.get("events", [])]

    def manager_details(self) -> dict[str, str]:
        return {
            "manager_email": self.cleaned_data.get("manager_email", ""),
            "manager_name": self.cleaned_data.get("manager_name", ""),
        }


class ApprovalDecisionForm(forms.Form):
    """The line manager approves, or declines with a reason."""

    APPROVE = "approve"
    DECLINE = "decline"

    decision = forms.ChoiceField(
        choices=[(APPROVE, "Approve"), (DECLINE, "Decline")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose whether to approve the booking",
            "invalid_choice": "Choose approve or decline",
        },
    )
    reason = forms.CharField(
        label="Why are you not approving this booking?",
        help_text="We send this to the person who asked. For example, ‘We cannot cover your caseload that day’.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.DECLINE and not (data.get("reason") or "").strip():
            self.add_error("reason", "Enter why you are not approving this booking")
        return data


class CancelBookingForm(forms.Form):
    reason = forms.CharField(
        label="Why are you cancelling? (optional)",
        help_text="This helps the business unit plan the programme.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The reason must be 1,000 characters or fewer"},
    )


class SubstituteForm(forms.Form):
    """A colleague from the same agency, named by their Hub account's e-mail address."""

    email = forms.EmailField(
        label="Your colleague's work e-mail address",
        help_text="They must have an account on the Hub and work for the same agency as you.",
        max_length=254,
        error_messages={
            "required": "Enter your colleague's e-mail address",
            "invalid": "Enter your colleague's e-mail address in the correct format, like name@example.org",
            "max_length": "The e-mail address must be 254 characters or fewer",
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )

    def __init__(self, *args, booking: Booking, **kwargs):
        super().__init__(*args, **kwargs)
        self.booking = booking
        self.colleague = None

    def clean_email(self):
        from hub.core.models import User, normalise_email

        email = normalise_email(self.cleaned_data["email"])
        person = self.booking.person
        if email == normalise_email(person.email):
            raise forms.ValidationError("Enter a colleague's e-mail address, not your own")
        colleague = User.objects.filter(email__iexact=email, is_active=True).select_related("agency").first()
        if colleague is None:
            raise forms.ValidationError(
                "There is no Hub account with this e-mail address. Ask your colleague to create an account first"
            )
        if colleague.agency_id is None or colleague.agency_id != person.agency_id:
            agency = person.agency.name if person.agency_id else "your agency"
            raise forms.ValidationError(f"Enter the e-mail address of a colleague from {agency}")
        self.colleague = colleague
        return email


# End of booking forms ---------------------------------------------------------------------------
