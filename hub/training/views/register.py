"""Registers and charges: the trainer's events and registers, the business unit's charges report.

Who sees what:
- a trainer sees the events they deliver (``Event.is_trainer``: the event's own trainers, or
  the course's when the event names none) and takes their registers;
- the business unit sees every event's register, the charges report, its exports, and waives
  charges;
- everyone else gets 404.

The register is one form for the whole event and is saved in one transaction: either every
changed row is recorded or, if one is refused (the course has not started, a booking changed
meanwhile), none is, and the page says why with the trainer's choices still selected. A
trainer never has to work out which rows went through, and e-mails (no-show notices, booking
blocks) go only after the whole register is saved.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hub.core import roles
from hub.core.audit import log_action, register_event
from hub.core.errors import DomainError
from hub.core.exports import csv_response, xlsx_response
from hub.core.periods import FinancialYear, current_financial_year
from hub.core.permissions import business_unit_required, is_business_unit, refuse
from hub.training import charges as charge_figures
from hub.training.forms import ChargesFilterForm, RegisterForm, WaiveChargeForm
from hub.training.models import Booking, BookingBlock, Charge, Course, Event
from hub.training.services import mark_attendance, waive_charge

register_event("training.charges.exported", "Training charges exported")

PAGE_SIZE = 50


def _money(amount) -> str:
    return f"£{amount:,.2f}"


# Fetch helpers: one per resource ----------------------------------------------------------------


def events_delivered_by(user) -> QuerySet[Event]:
    """Events ``user`` delivers: those naming them as trainer, and those of their courses that name nobody."""
    through = Event.trainers.through
    own = through.objects.filter(user=user).values("event_id")
    their_courses = Course.trainers.through.objects.filter(user=user).values("course_id")
    named = through.objects.values("event_id")
    return Event.objects.filter(Q(pk__in=own) | (Q(course_id__in=their_courses) & ~Q(pk__in=named)))


def _get_event_for_register(request, uuid) -> Event:
    """The event whose register the signed-in person may take: theirs as trainer, or any for the business unit."""
    event = Event.objects.select_related("course").filter(uuid=uuid).first()
    if event is None or not (is_business_unit(request.user) or event.is_trainer(request.user)):
        raise refuse(request, f"register {uuid}")
    return event


def _get_charge_for_user(request, uuid) -> Charge:
    """A charge, for the business unit only."""
    if not is_business_unit(request.user):
        raise refuse(request, f"charge {uuid}")
    charge = (
        Charge.objects.select_related("agency", "booking__person", "booking__event__course").filter(uuid=uuid).first()
    )
    if charge is None:
        raise refuse(request, f"charge {uuid}")
    return charge


def _may_see_trainer_events(user) -> bool:
    return is_business_unit(user) or user.has_role(roles.TRAINER) or events_delivered_by(user).exists()


# The trainer's events ---------------------------------------------------------------------------


@login_required
@require_GET
def trainer_events(request):
    """A trainer's events (every event for the business unit), upcoming or past, with register progress."""
    if not _may_see_trainer_events(request.user):
        raise refuse(request, "trainer events")
    show_past = request.GET.get("show") == "past"
    now = timezone.now()
    everyone = is_business_unit(request.user)
    events = Event.objects.all() if everyone else events_delivered_by(request.user)
    if show_past:
        events = events.filter(starts_at__lt=now).order_by("-starts_at", "-id")
    else:
        events = events.filter(Q(starts_at__gte=now) | Q(ends_at__gte=now)).order_by("starts_at", "id")
    events = events.select_related("course").annotate(
        delegates=Count("bookings", filter=Q(bookings__status__in=Booking.PLACE_STATUSES)),
        marked=Count("bookings", filter=Q(bookings__status__in=Booking.ATTENDANCE_STATUSES)),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/register/trainer_events.html",
        {
            "page": page,
            "events": page.object_list,
            "show_past": show_past,
            "everyone": everyone,
            "now": now,
            "title": "Registers" if everyone else "Your training events",
            "crumbs": [
                ("Your account", reverse("core:account")),
                ("Registers" if everyone else "Your training events", None),
            ],
        },
    )


# The register -----------------------------------------------------------------------------------


def _delegates(event: Event) -> list[Booking]:
    return list(
        event.bookings.filter(status__in=Booking.PLACE_STATUSES)
        .select_related("person__agency")
        .prefetch_related(Prefetch("charges", queryset=Charge.objects.order_by("created_at")))
        .annotate(is_blocked=Exists(BookingBlock.objects.filter(person=OuterRef("person"), lifted_at__isnull=True)))
        .order_by("person__last_name", "person__first_name", "id")
    )


def _note_for(booking: Booking) -> str:
    """The line under a delegate's name: agency, charges, and whether they are blocked from booking."""
    parts = [booking.person.agency.name if booking.person.agency_id else "No agency recorded"]
    for charge in booking.charges.all():
        state = "waived" if charge.waived else "to be invoiced"
        parts.append(f"{charge.get_reason_display()} charge {_money(charge.amount)} ({state})")
    if booking.is_blocked:
        parts.append("Cannot book training for themselves until the business unit lifts a block")
    return ". ".join(parts) + "."


def _register_outcome(changes: list[tuple[Booking, str]], blocks_before: set[int]) -> tuple[str, list[str]]:
    """After saving: what was marked with the charges recorded (one message), and any new booking blocks."""
    counts = Counter(status for _, status in changes)
    labels = dict(Booking.Status.choices)
    marked = ", ".join(f"{count} {labels[status].lower()}" for status, count in counts.items())
    lines = [f"Register saved: {marked}"]
    changed = [booking.pk for booking, _ in changes]
    new_charges = Charge.objects.filter(booking__in=changed, reason=Charge.Reason.NO_SHOW, waived=False).select_related(
        "booking__person", "agency"
    )
    for charge in new_charges:
        agency = charge.agency.name if charge.agency_id else "no agency recorded"
        lines.append(
            f"Non-attendance charge of {_money(charge.amount)} recorded for {charge.booking.person.full_name} "
            f"({agency})"
        )
    people = {booking.person_id: booking.person for booking, _ in changes}
    new_blocks = BookingBlock.objects.filter(person__in=people, lifted_at__isnull=True).exclude(pk__in=blocks_before)
    blocks = [
        f"{people[block.person_id].full_name} has now missed too many courses and cannot book training "
        "for themselves until the business unit lifts the block"
        for block in new_blocks
    ]
    return ". ".join(lines), blocks


@login_required
def register(request, uuid):
    event = _get_event_for_register(request, uuid)
    bookings = _delegates(event)
    form = RegisterForm(
        request.POST if request.method == "POST" else None,
        bookings=bookings,
        notes={booking.pk: _note_for(booking) for booking in bookings},
    )
    started = event.has_started()
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, "Nothing was changed on the register")
            return redirect(reverse("training:register", kwargs={"uuid": event.uuid}))
        people = [booking.person_id for booking, _ in changes]
        active_blocks = BookingBlock.objects.filter(person__in=people, lifted_at__isnull=True)
        blocks_before = set(active_blocks.values_list("pk", flat=True))
        try:
            with transaction.atomic():
                for booking, status in changes:
                    mark_attendance(booking=booking, status=status, actor=request.user, request=request)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            saved, blocks = _register_outcome(changes, blocks_before)
            messages.success(request, saved)
            for block in blocks:
                messages.warning(request, block)
            return redirect(reverse("training:register", kwargs={"uuid": event.uuid}))
    event_charges = (
        Charge.objects.filter(booking__event=event).select_related("booking__person", "agency").order_by("created_at")
    )
    return render(
        request,
        "training/register/register.html",
        {
            "event": event,
            "course": event.course,
            "sessions": event.sessions.all(),
            "form": form,
            "bookings": bookings,
            "started": started,
            "marked": sum(1 for booking in bookings if booking.status in Booking.ATTENDANCE_STATUSES),
            "event_charges": event_charges,
            "is_business_unit": is_business_unit(request.user),
            "crumbs": [
                ("Your account", reverse("core:account")),
                (
                    "Registers" if is_business_unit(request.user) else "Your training events",
                    reverse("training:trainer-events"),
                ),
                (f"Register: {event}", None),
            ],
        },
    )


# Charges ----------------------------------------------------------------------------------------


def _selection(request) -> tuple[ChargesFilterForm, FinancialYear, object, object]:
    current = current_financial_year()
    form = ChargesFilterForm(
        request.GET or None, years=charge_figures.report_years(), current=current, initial={"year": current.slug}
    )
    year, period, agency = form.selection()
    return form, year, period, agency


@business_unit_required
@require_GET
def charges(request):
    """Charges per agency and period, for invoicing; the business unit waives charges from here."""
    form, year, period, agency = _selection(request)
    selected = charge_figures.charges_for(year, period=period, agency=agency)
    rows = list(selected)
    totals = charge_figures.agency_totals(selected)
    query = request.GET.urlencode()
    return render(
        request,
        "training/register/charges.html",
        {
            "form": form,
            "year": year,
            "period": period,
            "agency": agency,
            "rows": rows,
            "totals": totals,
            "grand_total": sum((row.total for row in totals), charge_figures.ZERO),
            "waived_total": sum((row.waived_total for row in totals), charge_figures.ZERO),
            "query": query,
            "crumbs": [("Your account", reverse("core:account")), ("Training charges", None)],
        },
    )


def _period_slug(period) -> str:
    """``q1`` for a quarter, ``2024-06`` for a month, nothing for the whole year (for file names)."""
    if period is None:
        return ""
    if period.label.startswith("Q"):
        return period.label.split()[0].lower()
    return period.start.strftime("%Y-%m")


def _export(request, kind: str):
    form, year, period, agency = _selection(request)
    selected = charge_figures.charges_for(year, period=period, agency=agency)
    rows = list(charge_figures.export_rows(selected))
    name = "-".join(
        filter(
            None,
            [
                "training-charges",
                year.slug,
                _period_slug(period),
                agency.short_code if agency else "",
            ],
        )
    )
    log_action(
        "training.charges.exported",
        request=request,
        data={"format": kind, "rows": len(rows), "year": year.slug, "period": period.label if period else ""},
    )
    if kind == "csv":
        return csv_response(f"{name}.csv", charge_figures.EXPORT_HEADERS, rows)
    return xlsx_response(f"{name}.xlsx", f"Charges {year.slug}", charge_figures.EXPORT_HEADERS, rows)


@business_unit_required
@require_GET
def charges_export_csv(request):
    return _export(request, "csv")


@business_unit_required
@require_GET
def charges_export_xlsx(request):
    return _export(request, "xlsx")


@login_required
def charge_waive(request, uuid):
    """Confirm, then waive a charge with a recorded reason (business unit only)."""
    charge = _get_charge_for_user(request, uuid)
    booking = charge.booking
    year = FinancialYear.containing(timezone.localdate(booking.event.starts_at), current_financial_year().start_month)
    back = reverse("training:charges") + f"?year={year.slug}"
    if charge.waived:
        messages.info(request, f"The charge for {booking.person.full_name} has already been waived")
        return redirect(back)
    form = WaiveChargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            waive_charge(charge=charge, actor=request.user, reason=form.cleaned_data["reason"], request=request)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"Charge of {_money(charge.amount)} for {booking.person.full_name} waived")
            return redirect(back)
    return render(
        request,
        "training/register/charge_waive.html",
        {
            "form": form,
            "charge": charge,
            "booking": booking,
            "back": back,
            "crumbs": [
                ("Your account", reverse("core:account")),
                ("Training charges", back),
                ("Waive a charge", None),
            ],
        },
    )


# The account page -------------------------------------------------------------------------------


def registers_section(request) -> dict | None:
    """The account page's card for trainers and the business unit: registers, charges, evaluation and impact."""
    user = request.user
    if not user.is_authenticated or not _may_see_trainer_events(user):
        return None
    if is_business_unit(user):
        return {
            "title": "Training administration",
            "url": reverse("training:trainer-events"),
            "description": "Registers for every course date, charges to agencies, and what delegates said.",
            "items": [
                {"label": "Registers", "url": reverse("training:trainer-events"), "hint": ""},
                {"label": "Training charges", "url": reverse("training:charges"), "hint": ""},
                {"label": "Training evaluation and impact", "url": reverse("training:impact-summary"), "hint": ""},
            ],
        }
    now = timezone.now()
    upcoming = list(
        events_delivered_by(user)
        .filter(ends_at__gte=now, status=Event.Status.SCHEDULED)
        .select_related("course")
        .order_by("starts_at")[:5]
    )
    return {
        "title": "Your training events",
        "url": reverse("training:trainer-events"),
        "description": "The course dates you deliver and their registers."
        if upcoming
        else "You have no upcoming course dates to deliver.",
        "items": [
            {
                "label": event.course.title,
                "url": reverse("training:register", kwargs={"uuid": event.uuid}),
                "hint": timezone.localtime(event.starts_at).strftime("%-d %B %Y"),
            }
            for event in upcoming
        ],
    }
