"""Pages for key lines of enquiry and deep dives (under /performance/enquiries/).

Who sees what:

- readers of performance (``can_read_performance``, the business unit included) see every
  enquiry, every agency's answer and the history;
- a SPOC sees the enquiries that ask their agency, answers for it while the enquiry is open and
  reads the findings and the actions raised, but not other agencies' answers;
- the business unit, acting for the Performance and Learning Group, opens enquiries from the
  exception report, records the deep dive's findings, raises actions and closes them.

Everything else is answered with 404 (``refuse``).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Prefetch, Q, Value, When
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.forms.actions import ActionForm
from hub.core.forms.fields import GovukDateField
from hub.core.history import history_for
from hub.core.models import Agency
from hub.core.permissions import is_business_unit, refuse
from hub.core.views.forms import form_page
from hub.scorecards import enquiries
from hub.scorecards.models import EnquiryAnswer, ExceptionEntry, Indicator, LineOfEnquiry
from hub.scorecards.views import _crumbs, can_read_performance, spoc_agencies

# Open enquiries first, then deep dives under way, then closed ones.
_STATUS_ORDER = Case(
    *(When(status=status, then=Value(position)) for position, status in enumerate(LineOfEnquiry.Status.values)),
    output_field=IntegerField(),
)

NO_IDENTIFYING_DETAILS = "Do not include anything that could identify a child or family."


# Forms ------------------------------------------------------------------------------------------


class EnquiryForm(forms.Form):
    question = forms.CharField(
        label="What do you want to ask the agencies?",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=NO_IDENTIFYING_DETAILS,
        error_messages={
            "required": "Enter the question the agencies are asked",
            "max_length": "The question must be 4,000 characters or fewer",
        },
    )
    indicators = forms.ModelMultipleChoiceField(
        label="Which indicators is it about?",
        queryset=Indicator.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the indicators the question is about",
            "invalid_choice": "Select the indicators the question is about",
        },
    )
    agencies = forms.ModelMultipleChoiceField(
        label="Which agencies are asked to answer?",
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Their single points of contact are e-mailed the question.",
        error_messages={
            "required": "Select the agencies asked to answer",
            "invalid_choice": "Select the agencies asked to answer",
        },
    )
    due_on = GovukDateField(
        label="When are answers due?", label_for_errors="the date answers are due", help_text="For example, 31 3 2023"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = Indicator.objects.filter(active=True).prefetch_related("versions")
        self.fields["agencies"].queryset = Agency.objects.filter(is_active=True).order_by("name")


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Your agency's answer",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=NO_IDENTIFYING_DETAILS,
        error_messages={
            "required": "Enter your agency's answer",
            "max_length": "The answer must be 10,000 characters or fewer",
        },
    )


class FindingsForm(forms.Form):
    findings = forms.CharField(
        label="What did the deep dive find?",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=NO_IDENTIFYING_DETAILS,
        error_messages={
            "required": "Enter what the deep dive found",
            "max_length": "The findings must be 10,000 characters or fewer",
        },
    )


class EnquiryActionForm(ActionForm):
    """The tracker's own action form; where the action came from is the enquiry itself."""

    source_label = None


# Who may see what ---------------------------------------------------------------------------------


def _visible_enquiries(user):
    """Every enquiry for readers of performance; for a SPOC, those asking one of their agencies."""
    if can_read_performance(user):
        return LineOfEnquiry.objects.all()
    agencies = spoc_agencies(user)
    if agencies:
        return LineOfEnquiry.objects.filter(agencies__in=agencies).distinct()
    return LineOfEnquiry.objects.none()


def _get_enquiry_for_user(request, uuid) -> LineOfEnquiry:
    enquiry = _visible_enquiries(request.user).select_related("opened_by", "entry__report__period").filter(uuid=uuid)
    enquiry = enquiry.first()
    if enquiry is None:
        raise refuse(request, "line of enquiry")
    return enquiry


def _require_business_unit(request, what: str) -> None:
    if not is_business_unit(request.user):
        raise refuse(request, what)


def _enquiry_crumbs(enquiry: LineOfEnquiry | None = None, *last):
    crumbs = [("Lines of enquiry", reverse("scorecards:enquiries"))]
    if enquiry is not None:
        crumbs.append(("Line of enquiry", enquiry.get_absolute_url()))
    return _crumbs(*crumbs, *last)


def _unless_closed(request, enquiry: LineOfEnquiry):
    """A redirect back to the enquiry, with a message, when it is closed and cannot change."""
    if enquiry.status == LineOfEnquiry.Status.CLOSED:
        messages.info(request, "This line of enquiry is closed, so it cannot be changed.")
        return redirect(enquiry)
    return None


# Pages -----------------------------------------------------------------------------------------------


@login_required
def enquiry_list(request):
    user = request.user
    reader = can_read_performance(user)
    own_agencies = [] if reader else spoc_agencies(user)
    if not (reader or own_agencies):
        raise refuse(request, "lines of enquiry")
    items = (
        _visible_enquiries(user)
        .prefetch_related(
            Prefetch("agencies", queryset=Agency.objects.order_by("name")),
            Prefetch("answers", queryset=EnquiryAnswer.objects.only("enquiry_id", "agency_id")),
        )
        .order_by(_STATUS_ORDER, "due_on", "-opened_at")
    )
    rows = []
    for enquiry in items:
        answered = {answer.agency_id for answer in enquiry.answers.all()}
        asked = list(enquiry.agencies.all())
        waiting = (
            [agency for agency in asked if agency in own_agencies and agency.pk not in answered]
            if enquiry.status == LineOfEnquiry.Status.OPEN
            else []
        )
        rows.append(
            {
                "enquiry": enquiry,
                "agencies": asked,
                "answered": sum(1 for agency in asked if agency.pk in answered),
                "waiting": waiting,
            }
        )
    return TemplateResponse(
        request,
        "scorecards/enquiries/list.html",
        {"rows": rows, "reader": reader, "crumbs": _crumbs(("Lines of enquiry", None))},
    )


@login_required
def enquiry_detail(request, uuid):
    enquiry = _get_enquiry_for_user(request, uuid)
    user = request.user
    reader = can_read_performance(user)
    own_agencies = set(spoc_agencies(user))
    answers = {answer.agency_id: answer for answer in enquiry.answers.select_related("answered_by")}
    is_open = enquiry.status == LineOfEnquiry.Status.OPEN
    asked = []
    for agency in enquiry.agencies.order_by("name"):
        own = agency in own_agencies
        asked.append(
            {
                "agency": agency,
                "answer": answers.get(agency.pk) if (reader or own) else None,
                "shown": reader or own,
                "can_answer": own and is_open,
            }
        )
    business_unit = is_business_unit(user)
    not_closed = enquiry.status != LineOfEnquiry.Status.CLOSED
    return TemplateResponse(
        request,
        "scorecards/enquiries/detail.html",
        {
            "enquiry": enquiry,
            "indicators": list(enquiry.indicators.prefetch_related("versions")),
            "asked": asked,
            "actions": list(enquiries.actions_from(enquiry)),
            "reader": reader,
            "can_record": business_unit and not_closed,
            "can_close": business_unit and enquiry.status == LineOfEnquiry.Status.DEEP_DIVE,
            "history": history_for(enquiry) if reader else None,
            "crumbs": _enquiry_crumbs(None, ("Line of enquiry", None)),
        },
    )


@login_required
def enquiry_open(request, uuid):
    """The business unit opens a line of enquiry from an exception entry, for the group."""
    _require_business_unit(request, "open line of enquiry")
    entry = ExceptionEntry.objects.select_related("report__period", "indicator", "agency").filter(uuid=uuid).first()
    if entry is None:
        raise refuse(request, "exception entry")
    initial = {"indicators": [entry.indicator] if entry.indicator else []}
    if entry.agency is not None:
        initial["agencies"] = [entry.agency]
    elif entry.indicator is not None and (version := entry.indicator.current_version()) is not None:
        initial["agencies"] = version.reporters()
    form = EnquiryForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enquiry = enquiries.open_enquiry(
                actor=request.user,
                question=data["question"],
                indicators=data["indicators"],
                agencies=data["agencies"],
                due_on=data["due_on"],
                entry=entry,
                request=request,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Line of enquiry opened. The agencies' single points of contact have been told.")
            return redirect(enquiry)
    report_url = reverse("scorecards:exception-report", args=[entry.report.period.key])
    return form_page(
        request,
        "scorecards/enquiries/open.html",
        {
            "entry": entry,
            "report_url": f"{report_url}#entry-{entry.uuid}",
            "crumbs": _crumbs(
                ("Exception reports", reverse("scorecards:exception-reports")),
                (entry.report.period.label, report_url),
                ("Open a line of enquiry", None),
            ),
        },
        form,
    )


@login_required
def enquiry_answer(request, uuid, agency_code):
    """A SPOC answers for their agency, or changes the answer, while the enquiry is open."""
    enquiry = _get_enquiry_for_user(request, uuid)
    agency = next((item for item in spoc_agencies(request.user) if item.short_code == agency_code), None)
    if agency is None or not enquiry.agencies.filter(pk=agency.pk).exists():
        raise refuse(request, "answer line of enquiry")
    existing = EnquiryAnswer.objects.filter(enquiry=enquiry, agency=agency).first()
    context = {
        "enquiry": enquiry,
        "agency": agency,
        "existing": existing,
        "is_open": enquiry.status == LineOfEnquiry.Status.OPEN,
        "indicators": list(enquiry.indicators.prefetch_related("versions")),
        "crumbs": _enquiry_crumbs(enquiry, ("Answer", None)),
    }
    form = AnswerForm(
        request.POST if request.method == "POST" else None, initial={"answer": existing.answer if existing else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            enquiries.answer_enquiry(
                actor=request.user, enquiry=enquiry, agency=agency, answer=form.cleaned_data["answer"], request=request
            )
        except DomainError as error:
            if error.field is None:
                messages.error(request, error.message)
                return redirect(enquiry)
            error.add_to_form(form)
        else:
            messages.success(request, f"Answer for {agency} saved.")
            return redirect(enquiry)
    return form_page(request, "scorecards/enquiries/answer.html", context, form)


@login_required
def enquiry_findings(request, uuid):
    _require_business_unit(request, "record deep dive findings")
    enquiry = _get_enquiry_for_user(request, uuid)
    if closed := _unless_closed(request, enquiry):
        return closed
    form = FindingsForm(request.POST if request.method == "POST" else None, initial={"findings": enquiry.findings})
    if request.method == "POST" and form.is_valid():
        try:
            enquiries.record_findings(
                actor=request.user, enquiry=enquiry, findings=form.cleaned_data["findings"], request=request
            )
        except DomainError as error:
            if error.field is None:
                messages.error(request, error.message)
                return redirect(enquiry)
            error.add_to_form(form)
        else:
            messages.success(request, "Findings of the deep dive saved.")
            return redirect(enquiry)
    context = {"enquiry": enquiry, "crumbs": _enquiry_crumbs(enquiry, ("Findings", None))}
    return form_page(request, "scorecards/enquiries/findings.html", context, form)


@login_required
def enquiry_action(request, uuid):
    _require_business_unit(request, "raise action from line of enquiry")
    enquiry = _get_enquiry_for_user(request, uuid)
    if closed := _unless_closed(request, enquiry):
        return closed
    asked = list(enquiry.agencies.all())
    form = EnquiryActionForm(
        request.POST if request.method == "POST" else None,
        initial={"owner_agency": asked[0].pk} if len(asked) == 1 else None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            action = enquiries.raise_action(
                actor=request.user,
                enquiry=enquiry,
                title=data["title"],
                description=data["description"],
                owner_agency=data["owner_agency"],
                due_on=data["due_on"],
                theme=data["theme"],
                owner=data["owner_email"],
                request=request,
            )
        except DomainError as error:
            if error.field is None:
                messages.error(request, error.message)
                return redirect(enquiry)
            error.add_to_form(form)
        else:
            messages.success(request, f"Action {action.reference} raised on the action tracker.")
            return redirect(enquiry)
    context = {"enquiry": enquiry, "crumbs": _enquiry_crumbs(enquiry, ("Raise an action", None))}
    return form_page(request, "scorecards/enquiries/action.html", context, form)


@login_required
def enquiry_close(request, uuid):
    _require_business_unit(request, "close line of enquiry")
    enquiry = _get_enquiry_for_user(request, uuid)
    if request.method == "POST":
        try:
            enquiries.close_enquiry(actor=request.user, enquiry=enquiry, request=request)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Line of enquiry closed.")
        return redirect(enquiry)
    if closed := _unless_closed(request, enquiry):
        return closed
    if not enquiry.findings:
        messages.info(request, "Record what the deep dive found before closing the line of enquiry.")
        return redirect(enquiry)
    return TemplateResponse(
        request,
        "scorecards/enquiries/close.html",
        {
            "enquiry": enquiry,
            "open_actions": enquiries.actions_from(enquiry).exclude(status__in=["completed", "cancelled"]).count(),
            "crumbs": _enquiry_crumbs(enquiry, ("Close", None)),
        },
    )


# The account page -----------------------------------------------------------------------------------


def enquiries_section(request) -> dict | None:
    """SPOCs: the enquiries waiting for their agency's answer. Readers: the enquiries not yet closed."""
    user = request.user
    if not user.is_authenticated:
        return None
    agencies = spoc_agencies(user)
    reader = can_read_performance(user)
    if not (agencies or reader):
        return None
    items = []
    to_answer = set()
    if agencies:
        waiting = (
            LineOfEnquiry.objects.filter(status=LineOfEnquiry.Status.OPEN, agencies__in=agencies)
            .distinct()
            .prefetch_related(
                Prefetch("agencies", queryset=Agency.objects.filter(pk__in=[agency.pk for agency in agencies])),
                Prefetch("answers", queryset=EnquiryAnswer.objects.only("enquiry_id", "agency_id")),
            )
            .order_by("due_on")
        )
        for enquiry in waiting:
            answered = {answer.agency_id for answer in enquiry.answers.all()}
            for agency in enquiry.agencies.all():
                if agency.pk in answered:
                    continue
                to_answer.add(enquiry.pk)
                items.append(
                    {
                        "label": f"Answer for {agency.name}: {enquiry}",
                        "url": reverse("scorecards:enquiry-answer", args=[enquiry.uuid, agency.short_code]),
                        "hint": f"answer due {enquiry.due_on:%-d %B %Y}"
                        + (" (overdue)" if enquiry.due_on < timezone.localdate() else ""),
                    }
                )
    if reader:
        current = LineOfEnquiry.objects.filter(~Q(status=LineOfEnquiry.Status.CLOSED)).order_by("due_on")
        for enquiry in current.exclude(pk__in=to_answer)[:10]:
            items.append(
                {
                    "label": str(enquiry),
                    "url": enquiry.get_absolute_url(),
                    "hint": f"{enquiry.get_status_display()}, answers due {enquiry.due_on:%-d %B %Y}",
                }
            )
    if not items and not reader:
        return None
    return {
        "title": "Lines of enquiry",
        "url": reverse("scorecards:enquiries"),
        "description": "Questions from the Performance and Learning Group waiting for your agency's answer."
        if agencies and not reader
        else "Key lines of enquiry and deep dives of the Performance and Learning Group.",
        "items": items,
    }
