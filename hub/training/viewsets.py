"""The training records in the staff back office: the "Training" menu of the Wagtail admin.

Courses, events (sessions edited inline) and safeguarding weeks are edited here; an event's
number of places changes through ``services.change_capacity`` (``EventEditView``). Bookings,
waiting lists, charges, evaluations and booking blocks are read only: a booking changes only
through ``hub.training.services`` (which keeps places, waiting lists, charges and the audit log
right), so the booking listing offers actions that call those services — cancel, mark
attendance, move on the waiting list with a recorded reason — and a block is lifted with a
recorded reason. Every record's inspect page shows its change history and audit entries.
Training settings are edited under Settings.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.forms.boundfield import BoundField
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup

from hub.core.errors import DomainError
from hub.core.permissions import is_business_unit
from hub.core.viewsets import BackOfficeViewSet, narrowed_index_view
from hub.training import services
from hub.training.models import (
    Booking,
    BookingBlock,
    Charge,
    Course,
    CourseWaitingListEntry,
    Evaluation,
    Event,
    SafeguardingWeek,
)

# Courses and weeks ----------------------------------------------------------------------------


class CourseViewSet(BackOfficeViewSet):
    name = "training_course"
    url_prefix = "training/courses"
    model = Course
    icon = "doc-full"
    menu_label = "Courses"
    menu_order = 1
    form_fields = [
        "title",
        "slug",
        "summary",
        "learning_outcomes",
        "level",
        "audience",
        "themes",
        "actions",
        "delivery_mode",
        "elearning_url",
        "duration_hours",
        "prerequisite_course",
        "prerequisite_level",
        "trainers",
        "needs_manager_approval",
        "late_cancellation_charge",
        "non_attendance_charge",
        "charge_schools_full_cost",
        "full_cost",
        "is_published",
    ]
    list_display = [
        "title",
        Column("level", label="Level", sort_key="level"),
        Column("delivery_mode", label="Delivery", accessor="get_delivery_mode_display"),
        BooleanColumn("is_published", label="Published"),
    ]
    list_filter = ["level", "delivery_mode", "is_published", "themes"]
    search_fields = ["title", "summary"]
    list_export = ["title", "level", "get_delivery_mode_display", "duration_hours", "is_published"]
    export_headings = {"get_delivery_mode_display": "Delivery", "duration_hours": "Hours"}
    export_filename = "courses"
    inspect_view_fields = list(form_fields)


class WeekViewSet(BackOfficeViewSet):
    name = "training_week"
    url_prefix = "training/weeks"
    model = SafeguardingWeek
    icon = "calendar"
    menu_label = "Safeguarding weeks"
    menu_order = 3
    form_fields = ["title", "slug", "starts_on", "ends_on", "summary", "themes", "is_published"]
    list_display = [
        "title",
        DateColumn("starts_on", label="From", sort_key="starts_on"),
        DateColumn("ends_on", label="To"),
    ]
    list_filter = ["is_published"]
    search_fields = ["title", "summary"]
    list_export = ["title", "starts_on", "ends_on", "is_published"]
    export_filename = "safeguarding-weeks"
    inspect_view_fields = list(form_fields)


# Events: sessions edited inline; the dates lists sort by are copied from the sessions on save --


class EventForm(WagtailAdminModelForm):
    bound_field_class = BoundField

    def clean_capacity(self):
        capacity = self.cleaned_data.get("capacity")
        # Checked again under the event's lock when the edit is saved (EventEditView).
        if capacity is not None and self.instance.pk:
            refusal = services.capacity_refusal(self.instance, capacity)
            if refusal is not None:
                raise forms.ValidationError(refusal)
        return capacity

    def save(self, commit=True):
        event = super().save(commit=commit)
        if commit:
            event.sync_dates()
        return event


EVENT_PANELS = [
    FieldPanel("course"),
    FieldPanel("week"),
    FieldPanel("capacity"),
    FieldPanel("venue_name"),
    FieldPanel("venue_address"),
    FieldPanel("accessibility_notes"),
    FieldPanel("joining_link"),
    FieldPanel("booking_opens_at"),
    FieldPanel("booking_closes_at"),
    FieldPanel("trainers"),
    FieldPanel("notes"),
    InlinePanel("sessions", label="Sessions", min_num=1),
]


class EventEditView(generic.EditView):
    """Saves an event's details and sessions, and changes its places through ``services.change_capacity``.

    Places added are offered to the waiting list at once, and the number cannot drop below the
    places already taken. The event row is locked before anything is written, as the booking
    services do, so the check and the offers see the places as they are.
    """

    def form_valid(self, form):
        self.form = form
        capacity = form.cleaned_data["capacity"]
        try:
            with transaction.atomic():
                locked = Event.objects.select_for_update(of=("self",)).get(pk=self.object.pk)
                form.instance.capacity = locked.capacity
                self.object = self.save_instance()
                services.change_capacity(
                    event=self.object, capacity=capacity, actor=self.request.user, request=self.request
                )
        except DomainError as error:
            form.instance.capacity = capacity
            error.add_to_form(form)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        self.object.capacity = capacity
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class EventCreateView(generic.CreateView):
    """Saves a new event with its sessions, then offers its places to people waiting for any date.

    The same outcome as ``services.create_event``: the form has already checked the fields and
    the sessions, so the view saves through the form and then logs and offers in one transaction.
    """

    def save_instance(self):
        with transaction.atomic():
            event = super().save_instance()
            services.event_created(event=event, actor=self.request.user, request=self.request)
        return event


class EventViewSet(BackOfficeViewSet):
    name = "training_event"
    url_prefix = "training/events"
    model = Event
    icon = "date"
    menu_label = "Events"
    menu_order = 2
    list_display = [
        Column("starts_at", label="Event", accessor="__str__", sort_key="starts_at"),
        Column("capacity", label="Places"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
    ]
    list_filter = ["course", "status", "week"]
    search_fields = ["course__title", "venue_name"]
    list_export = ["course", "starts_at", "ends_at", "capacity", "venue_name", "get_status_display"]
    export_headings = {"get_status_display": "Status", "starts_at": "Starts", "ends_at": "Ends"}
    export_filename = "events"
    inspect_view_fields = ["course", "week", "capacity", "venue_name", "starts_at", "ends_at", "status", "notes"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("course"))
    add_view_class = EventCreateView
    edit_view_class = EventEditView

    def get_edit_handler(self):
        return ObjectList(EVENT_PANELS, base_form_class=EventForm).bind_to_model(Event)

    def get_form_class(self, for_update=False):
        return self._edit_handler.get_form_class()


# Bookings: read only, with actions through the services ---------------------------------------


def _booking_buttons(booking: Booking) -> list[MenuItem]:
    buttons = []
    if booking.status in Booking.ACTIVE_STATUSES:
        buttons.append(MenuItem("Cancel booking", url=reverse("training_booking_action", args=[booking.pk, "cancel"])))
    if booking.status in Booking.PLACE_STATUSES:
        buttons.append(
            MenuItem("Mark attendance", url=reverse("training_booking_action", args=[booking.pk, "attendance"]))
        )
    if booking.status == Booking.Status.WAITLISTED:
        buttons.append(
            MenuItem("Move on waiting list", url=reverse("training_booking_action", args=[booking.pk, "reorder"]))
        )
    return buttons


class BookingViewSet(BackOfficeViewSet):
    name = "training_booking"
    url_prefix = "training/bookings"
    model = Booking
    icon = "user"
    menu_label = "Bookings"
    menu_order = 4
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    form_fields = ["priority"]
    list_display = [
        "person",
        Column("event", label="Event", sort_key="event__starts_at"),
        Column("agency", label="Agency", accessor="person.agency"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("priority", label="Priority", sort_key="priority"),
    ]
    list_filter = ["event", "status", "person__agency"]
    search_fields = ["person__first_name", "person__last_name", "person__email", "event__course__title"]
    list_export = ["person", "person.email", "person.agency", "event", "get_status_display", "priority", "created_at"]
    export_headings = {"person.email": "E-mail", "person.agency": "Agency", "get_status_display": "Status"}
    export_filename = "bookings"
    inspect_view_fields = [
        "person",
        "event",
        "status",
        "priority",
        "joined_at",
        "offered_at",
        "offer_expires_at",
        "manager_email",
        "confirmed_at",
        "cancelled_at",
        "cancellation_reason",
        "attendance_marked_at",
        "created_at",
    ]
    index_view_class = narrowed_index_view(
        lambda queryset: queryset.select_related("person__agency", "event__course"), _booking_buttons
    )


class WaitingListViewSet(BackOfficeViewSet):
    name = "training_course_waiting"
    url_prefix = "training/waiting-lists"
    model = CourseWaitingListEntry
    icon = "list-ul"
    menu_label = "Course waiting lists"
    menu_order = 5
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    form_fields = ["priority"]
    list_display = [
        Column("person", label="Person"),
        Column("course", label="Course", sort_key="course__title"),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        DateColumn("joined_at", label="Joined", sort_key="joined_at"),
    ]
    list_filter = ["course", "status"]
    search_fields = ["person__first_name", "person__last_name", "course__title"]
    list_export = ["person", "course", "get_status_display", "priority", "joined_at"]
    export_headings = {"get_status_display": "Status"}
    export_filename = "course-waiting-lists"
    inspect_view_fields = ["person", "course", "status", "priority", "joined_at", "closed_at"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("person", "course"))


class ChargeViewSet(BackOfficeViewSet):
    name = "training_charge"
    url_prefix = "training/charges"
    model = Charge
    icon = "tag"
    menu_label = "Charges"
    menu_order = 6
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    form_fields = ["waived_reason"]
    list_display = [
        Column("booking", label="Booking"),
        Column("agency", label="Agency", sort_key="agency__name"),
        Column("reason", label="Reason", accessor="get_reason_display"),
        Column("amount", label="Amount (£)", sort_key="amount"),
        BooleanColumn("waived", label="Waived"),
    ]
    list_filter = ["reason", "waived", "agency"]
    search_fields = ["booking__person__last_name", "agency__name"]
    list_export = ["agency", "booking", "get_reason_display", "amount", "waived", "waived_reason", "created_at"]
    export_headings = {"get_reason_display": "Reason", "amount": "Amount (£)"}
    export_filename = "training-charges"
    inspect_view_fields = ["booking", "agency", "reason", "amount", "waived", "waived_reason", "waived_at"]
    index_view_class = narrowed_index_view(
        lambda queryset: queryset.select_related("agency", "booking__person", "booking__event__course")
    )


class EvaluationViewSet(BackOfficeViewSet):
    name = "training_evaluation"
    url_prefix = "training/evaluations"
    model = Evaluation
    icon = "pick"
    menu_label = "Evaluations"
    menu_order = 7
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    form_fields = ["comments"]
    list_display = [
        Column("booking", label="Booking"),
        Column("confidence_before", label="Confidence before"),
        Column("confidence_after", label="Confidence after"),
        Column("overall_rating", label="Overall"),
        DateColumn("submitted_at", label="Submitted", sort_key="submitted_at"),
    ]
    list_filter = ["overall_rating", "booking__event__course"]
    search_fields = ["will_do_differently", "comments"]
    list_export = [
        "booking.event",
        "confidence_before",
        "confidence_after",
        "content_rating",
        "trainer_rating",
        "materials_rating",
        "overall_rating",
        "will_do_differently",
        "comments",
    ]
    export_headings = {"booking.event": "Event"}
    export_filename = "training-evaluations"
    inspect_view_fields = list_export[1:] + ["submitted_at"]
    index_view_class = narrowed_index_view(
        lambda queryset: queryset.select_related("booking__person", "booking__event__course")
    )


def _block_buttons(block: BookingBlock) -> list[MenuItem]:
    if not block.is_active:
        return []
    return [MenuItem("Lift block", url=reverse("training_block_lift", args=[block.pk]))]


class BookingBlockViewSet(BackOfficeViewSet):
    name = "training_block"
    url_prefix = "training/blocks"
    model = BookingBlock
    icon = "lock"
    menu_label = "Booking blocks"
    menu_order = 8
    add_view_enabled = False
    edit_view_enabled = False
    delete_view_enabled = False
    form_fields = ["lift_reason"]
    list_display = [
        "person",
        Column("reason", label="Reason"),
        DateColumn("created_at", label="Blocked on", sort_key="created_at"),
        DateColumn("lifted_at", label="Lifted on", sort_key="lifted_at"),
    ]
    search_fields = ["person__first_name", "person__last_name", "reason"]
    list_export = ["person", "reason", "created_at", "lifted_at", "lifted_by", "lift_reason"]
    export_filename = "booking-blocks"
    inspect_view_fields = ["person", "reason", "created_at", "lifted_at", "lifted_by", "lift_reason"]
    index_view_class = narrowed_index_view(lambda queryset: queryset.select_related("person"), _block_buttons)


class TrainingViewSetGroup(ViewSetGroup):
    menu_label = "Training"
    menu_icon = "doc-full"
    menu_order = 220
    items = (
        CourseViewSet,
        EventViewSet,
        WeekViewSet,
        BookingViewSet,
        WaitingListViewSet,
        ChargeViewSet,
        EvaluationViewSet,
        BookingBlockViewSet,
    )


# Actions on bookings and blocks (admin views that call the services) --------------------------


class CancelForm(forms.Form):
    reason = forms.CharField(label="Reason for cancelling", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        label="Attendance",
        choices=[(status.value, status.label) for status in Booking.ATTENDANCE_STATUSES],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the delegate attended, partly attended or did not attend"},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason (recorded in the audit log)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason"},
    )


class ReorderForm(ReasonForm):
    priority = forms.IntegerField(
        label="Priority",
        help_text="Higher priority is offered a place first; equal priority in the order people joined.",
        error_messages={"required": "Enter a priority, a whole number", "invalid": "Enter a whole number"},
    )


BOOKING_ACTIONS = {
    "cancel": ("Cancel booking", CancelForm),
    "attendance": ("Mark attendance", AttendanceForm),
    "reorder": ("Move on the waiting list", ReorderForm),
}


def _business_unit_only(request) -> None:
    if not is_business_unit(request.user):
        raise Http404("Business unit only")


def _run(request, form, call) -> bool:
    try:
        call()
    except DomainError as error:
        error.add_to_form(form)
        return False
    return True


def booking_action(request, pk: int, action: str):
    """Cancel, mark attendance or move a booking on the waiting list, through the services."""
    _business_unit_only(request)
    if action not in BOOKING_ACTIONS:
        raise Http404("Unknown action")
    booking = get_object_or_404(Booking.objects.select_related("person", "event__course"), pk=pk)
    title, form_class = BOOKING_ACTIONS[action]
    form = form_class(request.POST or None, initial={"priority": booking.priority})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        calls = {
            "cancel": lambda: services.cancel_booking(
                booking=booking, actor=request.user, reason=data.get("reason", ""), request=request
            ),
            "attendance": lambda: services.mark_attendance(
                booking=booking, status=data["status"], actor=request.user, request=request
            ),
            "reorder": lambda: services.reorder_waiting_list(
                booking=booking,
                priority=data.get("priority"),
                reason=data.get("reason", ""),
                actor=request.user,
                request=request,
            ),
        }
        if _run(request, form, calls[action]):
            messages.success(request, f"{title}: done for {booking.person}")
            return redirect(reverse("training_booking:inspect", args=[booking.pk]))
    return TemplateResponse(
        request,
        "training/reports/admin/booking_action.html",
        {
            "title": title,
            "subject": booking,
            "form": form,
            "back": reverse("training_booking:inspect", args=[booking.pk]),
        },
    )


def block_lift(request, pk: int):
    """Lift a booking block with a recorded reason (``services.lift_block``)."""
    _business_unit_only(request)
    block = get_object_or_404(BookingBlock.objects.select_related("person"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = lambda: services.lift_block(  # noqa: E731
            block=block, actor=request.user, reason=form.cleaned_data["reason"], request=request
        )
        if _run(request, form, call):
            messages.success(request, f"The booking block on {block.person} has been lifted")
            return redirect(reverse("training_block:inspect", args=[block.pk]))
    return TemplateResponse(
        request,
        "training/reports/admin/booking_action.html",
        {"title": "Lift booking block", "subject": block, "form": form, "back": reverse("training_block:index")},
    )
