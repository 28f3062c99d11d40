"""Evaluations, certificates, the impact follow-up and safeguarding week evaluations.

Who sees what:
- a delegate evaluates their own booking once the register shows they attended, downloads
  the certificate once they have evaluated a course they attended in full, and answers their
  own impact follow-up; anyone else's booking or follow-up is a 404;
- anyone (signed in or not) can check a certificate by its code; the check shows only the
  course, the date and the delegate's initials and surname (see ``certificates.py``);
- the business unit sees the impact summary and chooses quotes for the yearly report;
- people who attended at least one session of a safeguarding week evaluate the week once.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from hub.core.errors import DomainError
from hub.core.periods import current_financial_year
from hub.core.permissions import business_unit_required, refuse
from hub.training import certificates, impact
from hub.training.charges import report_years
from hub.training.forms import (
    CertificateCodeForm,
    EvaluationForm,
    ImpactResponseForm,
    ImpactYearForm,
    WeekEvaluationForm,
    normalise_verification_code,
)
from hub.training.models import (
    Booking,
    Certificate,
    Evaluation,
    ImpactRequest,
    ImpactResponse,
    SafeguardingWeek,
    TrainingSettings,
    WeekEvaluation,
)
from hub.training.services import (
    attended_week,
    choose_quote_for_report,
    submit_evaluation,
    submit_impact_response,
    submit_week_evaluation,
)

QUOTES_PER_PAGE = 25


def _account_crumbs(*entries) -> list[tuple[str, str | None]]:
    return [("Your account", reverse("core:account")), ("Your training", reverse("training:my-training")), *entries]


# Fetch helpers: one per resource ----------------------------------------------------------------


def _get_booking_for_user(request, uuid) -> Booking:
    """The signed-in person's own booking; anyone else's, or none, is a 404."""
    booking = Booking.objects.select_related("event__course", "person").filter(uuid=uuid, person=request.user).first()
    if booking is None:
        raise refuse(request, f"booking {uuid}")
    return booking


def _get_impact_request_for_user(request, uuid) -> ImpactRequest:
    """The signed-in person's own impact follow-up, once it has been sent."""
    impact_request = (
        ImpactRequest.objects.select_related("booking__event__course")
        .filter(uuid=uuid, booking__person=request.user, sent_at__isnull=False)
        .first()
    )
    if impact_request is None:
        raise refuse(request, f"impact request {uuid}")
    return impact_request


def _get_week_for_user(request, slug: str) -> SafeguardingWeek:
    """A safeguarding week the signed-in person attended at least one session of."""
    week = SafeguardingWeek.objects.filter(slug=slug).first()
    if week is None or not attended_week(week, request.user):
        raise refuse(request, f"safeguarding week {slug}")
    return week


def _get_response_for_business_unit(request, uuid) -> ImpactResponse:
    response = ImpactResponse.objects.filter(uuid=uuid).first()
    if response is None:
        raise refuse(request, f"impact response {uuid}")
    return response


# Evaluation -------------------------------------------------------------------------------------


def _follow_up_after() -> str:
    """``3 months`` or ``45 days``: when the impact follow-up comes, in words."""
    days = TrainingSettings.load().impact_follow_up_days
    if days % 30 == 0:
        months = days // 30
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{days} days"


def _certificate_of(booking: Booking) -> Certificate | None:
    return Certificate.objects.filter(booking=booking).first()


@login_required
def evaluate(request, uuid):
    """The evaluation form; before attendance a page saying when it opens; afterwards the certificate link."""
    booking = _get_booking_for_user(request, uuid)
    event = booking.event
    context = {
        "booking": booking,
        "event": event,
        "course": event.course,
        "crumbs": _account_crumbs((f"Evaluate {event.course.title}", None)),
    }
    evaluation = Evaluation.objects.filter(booking=booking).first()
    if evaluation is not None:
        context.update(evaluation=evaluation, certificate=_certificate_of(booking), follow_up_after=_follow_up_after())
        return render(request, "training/evaluation/evaluated.html", context)
    if not booking.has_attended:
        return render(request, "training/evaluation/not_yet.html", context)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_evaluation(booking=booking, actor=request.user, request=request, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Thank you. Your evaluation has been sent")
            return redirect(reverse("training:evaluate", kwargs={"uuid": booking.uuid}))
    context["form"] = form
    return render(request, "training/evaluation/evaluate.html", context)


# Certificates -----------------------------------------------------------------------------------


@login_required
@require_GET
def certificate(request, uuid):
    """The delegate's certificate as a tagged PDF, once issued (after evaluating a course attended in full)."""
    booking = _get_booking_for_user(request, uuid)
    issued = (
        Certificate.objects.select_related("booking__event__course", "booking__person").filter(booking=booking).first()
    )
    if issued is None:
        raise refuse(request, f"certificate for booking {uuid}")
    pdf = certificates.certificate_pdf(issued)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificates.certificate_filename(issued)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def certificate_verify(request):
    """The public form to check a certificate by its code (a GET form, so it works from a link too)."""
    form = CertificateCodeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect(reverse("training:certificate-check", kwargs={"code": form.cleaned_data["code"]}))
    return render(
        request,
        "training/certificates/verify.html",
        {"form": form, "crumbs": [("Training", reverse("training:programme")), ("Check a certificate", None)]},
    )


@require_GET
def certificate_check(request, code: str):
    """What a certificate states: course, date and the delegate's initials and surname, nothing more."""
    normalised = normalise_verification_code(code)
    if normalised and normalised != code:
        return redirect(reverse("training:certificate-check", kwargs={"code": normalised}))
    issued = None
    if normalised:
        issued = (
            Certificate.objects.select_related("booking__event__course", "booking__person")
            .filter(verification_code=normalised)
            .first()
        )
    crumbs = [
        ("Training", reverse("training:programme")),
        ("Check a certificate", reverse("training:certificate-verify")),
        ("Result", None),
    ]
    if issued is None:
        return render(
            request,
            "training/certificates/not_found.html",
            {"code": code, "form": CertificateCodeForm(), "crumbs": crumbs},
            status=404,
        )
    return render(
        request,
        "training/certificates/check.html",
        {"facts": certificates.facts_for(issued), "crumbs": crumbs},
    )


# Impact follow-up -------------------------------------------------------------------------------


@login_required
def impact_respond(request, uuid):
    """The delegate's answer to the impact follow-up."""
    impact_request = _get_impact_request_for_user(request, uuid)
    booking = impact_request.booking
    context = {
        "impact_request": impact_request,
        "booking": booking,
        "event": booking.event,
        "course": booking.event.course,
        "crumbs": _account_crumbs((f"Impact of {booking.event.course.title}", None)),
    }
    response = ImpactResponse.objects.filter(request=impact_request).prefetch_related("impact_themes").first()
    if response is not None:
        context["response"] = response
        return render(request, "training/impact/answered.html", context)
    form = ImpactResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_impact_response(
                impact_request=impact_request,
                actor=request.user,
                request=request,
                practice_change=form.cleaned_data["practice_change"],
                difference_for_children=form.cleaned_data["difference_for_children"],
                impact_themes=list(form.cleaned_data["impact_themes"]),
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Thank you. What you told us has been sent to the Impact Forum")
            return redirect(reverse("training:impact-respond", kwargs={"uuid": impact_request.uuid}))
    context["form"] = form
    return render(request, "training/impact/respond.html", context)


@business_unit_required
@require_GET
def impact_summary(request):
    """Evaluation and impact per course and theme, themes of impact, quotes, and safeguarding weeks."""
    current = current_financial_year()
    form = ImpactYearForm(request.GET or None, years=report_years(), current=current)
    year = form.selected_year()
    summary = impact.impact_summary(year)
    quotes = (
        impact.responses_for(year)
        .select_related("request__booking__event__course", "request__booking__person")
        .order_by("-chosen_for_report", "-answered_at", "-id")
    )
    page = Paginator(quotes, QUOTES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/impact/summary.html",
        {
            "form": form,
            "year": year,
            "summary": summary,
            "page": page,
            "quotes": page.object_list,
            "crumbs": [("Your account", reverse("core:account")), ("Training evaluation and impact", None)],
        },
    )


@business_unit_required
@require_POST
def impact_quote_choose(request, uuid):
    """Choose an impact response for the yearly report, or take it out (``chosen`` is 1 or 0)."""
    response = _get_response_for_business_unit(request, uuid)
    chosen = request.POST.get("chosen")
    if chosen not in ("0", "1"):
        messages.error(request, "Choose whether to quote the response in the report")
    else:
        choose_quote_for_report(response=response, chosen=chosen == "1", actor=request.user, request=request)
        messages.success(
            request,
            "Response chosen for the yearly report" if chosen == "1" else "Response taken out of the yearly report",
        )
    # Back to the same year and page of quotes; rebuilt from its parts so nothing else can ride along.
    back = QueryDict(request.POST.get("back", ""))
    query = urlencode({key: back[key] for key in ("year", "page") if back.get(key)})
    return redirect(reverse("training:impact-summary") + (f"?{query}" if query else "") + f"#quote-{response.uuid}")


# Safeguarding week ------------------------------------------------------------------------------


@login_required
def week_evaluate(request, slug: str):
    """Someone who attended at least one session evaluates the safeguarding week, once."""
    week = _get_week_for_user(request, slug)
    context = {"week": week, "crumbs": _account_crumbs((f"Evaluate {week.title}", None))}
    existing = WeekEvaluation.objects.filter(week=week, person=request.user).first()
    if existing is not None:
        context["evaluation"] = existing
        return render(request, "training/evaluation/week_evaluated.html", context)
    form = WeekEvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            submit_week_evaluation(week=week, actor=request.user, request=request, **form.cleaned_data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"Thank you. Your evaluation of {week.title} has been sent")
            return redirect(reverse("training:week-evaluate", kwargs={"slug": week.slug}))
    context["form"] = form
    return render(request, "training/evaluation/week_evaluate.html", context)


# The account page -------------------------------------------------------------------------------


def follow_up_section(request) -> dict | None:
    """The account page's card asking for what the person still owes: impact answers and week evaluations."""
    user = request.user
    if not user.is_authenticated:
        return None
    open_requests = list(
        ImpactRequest.objects.filter(booking__person=user, sent_at__isnull=False, response__isnull=True)
        .select_related("booking__event__course")
        .order_by("sent_at")
    )
    weeks = list(
        SafeguardingWeek.objects.filter(
            events__bookings__person=user,
            events__bookings__status__in=(Booking.Status.ATTENDED, Booking.Status.PARTLY_ATTENDED),
        )
        .exclude(evaluations__person=user)
        .distinct()
        .order_by("-starts_on")
    )
    if not open_requests and not weeks:
        return None
    items = [
        {
            "label": f"Tell us how {item.booking.event.course.title} changed your practice",
            "url": reverse("training:impact-respond", kwargs={"uuid": item.uuid}),
            "hint": "",
        }
        for item in open_requests
    ]
    items += [
        {
            "label": f"Evaluate {week.title}",
            "url": reverse("training:week-evaluate", kwargs={"slug": week.slug}),
            "hint": "",
        }
        for week in weeks
    ]
    return {
        "title": "Tell us about your training",
        "url": "",
        "description": "Your answers show the partnership what difference its training makes for children.",
        "items": items,
    }
