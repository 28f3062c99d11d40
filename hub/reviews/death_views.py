"""Pages of child death reviews (under /reviews/child-deaths/), for the child death overview panel only.

Members of the panel (two-factor verified) see and change the records; the NHS number is shown
masked unless a member asks to see it, which is logged. Exports need the exporter role and
produce a password-protected archive. Everyone else, the case review panel included, gets 404.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hub.core.errors import DomainError
from hub.core.exports import file_response
from hub.core.history import history_for
from hub.core.models import Action
from hub.core.periods import FinancialYear
from hub.core.permissions import refuse
from hub.core.services import create_action
from hub.core.views.forms import form_page, raise_action_page
from hub.reviews import access, deaths, export
from hub.reviews.forms import (
    AnalysisForm,
    ChildDeathForm,
    ChildDeathProgressForm,
    ExportForm,
    NewChildDeathForm,
    NhsNumberForm,
    ReceivedForm,
    RecommendationActionForm,
    ReportingRequestForm,
    ThematicReviewForm,
)
from hub.reviews.models import AccessEntry, ChildDeath, DeathAnalysis, ReportingRequest, ThematicReview
from hub.reviews.services import save_versioned
from hub.reviews.views import form_step

FORM = "reviews/form.html"
CAPTION = "Child death reviews (restricted)"


def _step(request, form, save, context: dict, success: str, done_url: str):
    return form_step(request, form, save, context=context | {"caption": CAPTION}, success=success, done_url=done_url)


def _crumbs(*extra):
    return [("Home", "/"), ("Child death reviews", reverse("reviews:child-deaths")), *extra]


def _death(request, uuid) -> ChildDeath:
    access.require_cdop(request, "child death record")
    death = ChildDeath.objects.filter(uuid=uuid).first()
    if death is None:
        raise refuse(request, "child death record")
    if request.method == "GET":
        access.record(request, AccessEntry.Kind.VIEWED, death)
    return death


def _years() -> list[FinancialYear]:
    first = ChildDeath.objects.order_by("notified_on").values_list("notified_on", flat=True).first()
    if first is None:
        return []
    year, last = FinancialYear.containing(first), FinancialYear.containing(timezone.localdate())
    years = []
    while year.start_year <= last.start_year:
        years.append(year)
        year = FinancialYear(year.start_year + 1)
    return list(reversed(years))


@login_required
@require_GET
def death_list(request):
    access.require_cdop(request, "child death reviews")
    records = list(ChildDeath.objects.select_related("analysis__category"))
    access.record_many(request, AccessEntry.Kind.LISTED, records)
    today = timezone.localdate()
    latest = DeathAnalysis.objects.order_by("-analysed_on").values_list("analysed_on", flat=True).first()
    # The timeliness of the latest year with reviews (a year's figures are read once it has ended).
    previous = FinancialYear.containing(latest or today)
    context = {
        "open": [death for death in records if death.status != ChildDeath.Status.REVIEWED],
        "reviewed": [death for death in records if death.status == ChildDeath.Status.REVIEWED],
        "timeliness": deaths.timeliness(previous.start, previous.end, today),
        "timeliness_year": previous,
        "can_export": access.can_export_deaths(request.user),
        "thematic": list(ThematicReview.objects.all()[:10]),
        "crumbs": [("Home", "/"), ("Child death reviews", None)],
    }
    return TemplateResponse(request, "reviews/deaths/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def death_new(request):
    access.require_cdop(request, "new child death record")
    form = NewChildDeathForm(request.POST if request.method == "POST" else None, initial={"version": 0})
    if form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version")
        try:
            death = deaths.record_death(actor=request.user, request=request, **data)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"Death {death.reference} recorded.")
            return redirect(death.get_absolute_url())
    context = {
        "heading": "Record a child's death",
        "button": "Record the death",
        "back": reverse("reviews:child-deaths"),
        "intro": "Record no name, date of birth or address. Stillbirths, late foetal losses and legal terminations "
        "are not reviewed.",
        "crumbs": _crumbs(("New", None)),
    }
    return form_page(request, FORM, context | {"caption": CAPTION}, form)


@login_required
@require_GET
def death_detail(request, uuid):
    death = _death(request, uuid)
    reveal = request.GET.get("show") == "nhs-number" and bool(death.nhs_number_encrypted)
    if reveal:
        access.record(request, AccessEntry.Kind.VIEWED, death, detail="NHS number shown")
    analysis = DeathAnalysis.objects.filter(death=death).select_related("category").first()
    context = {
        "death": death,
        "nhs_number": death.nhs_number() if reveal else None,
        "reporting": list(death.reporting_requests.select_related("agency")),
        "analysis": analysis,
        "factors": list(analysis.factors.all()) if analysis else [],
        "actions": list(Action.objects.from_source(death).select_related("owner_agency")),
        "thematic": list(death.thematic_reviews.all()),
        "today": timezone.localdate(),
        "history": history_for(death)[:20],
        "is_chair": access.is_cdop_chair(request.user),
        "crumbs": _crumbs((death.reference, None)),
    }
    return TemplateResponse(request, "reviews/deaths/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def death_edit(request, uuid):
    death = _death(request, uuid)
    names = list(deaths.DEATH_FIELDS)
    initial = {name: getattr(death, name) for name in names} | {"version": death.version}
    initial["unexpected"] = "yes" if death.unexpected else "no"
    form = ChildDeathForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {
        "heading": f"Change {death.reference}",
        "button": "Save",
        "back": death.get_absolute_url(),
        "crumbs": _crumbs((death.reference, death.get_absolute_url()), ("Change", None)),
    }

    def save(data):
        changes = {name: data[name] for name in names}
        save_versioned(death, data["version"], changes, actor=request.user, request=request)

    return _step(request, form, save, context, "Saved.", death.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def death_progress(request, uuid):
    death = _death(request, uuid)
    initial = {"version": death.version, "status": death.status, "cdrm_on": death.cdrm_on, "panel_on": death.panel_on}
    form = ChildDeathProgressForm(request.POST if request.method == "POST" else None, initial=initial)
    if death.status == ChildDeath.Status.REVIEWED:
        messages.error(request, "The panel has reviewed this death; change its analysis instead.")
        return redirect(death.get_absolute_url())
    context = {
        "heading": f"Progress of {death.reference}",
        "button": "Save",
        "back": death.get_absolute_url(),
        "intro": "Cases often wait for an inquest or criminal proceedings: choose that status so the backlog "
        "shows why.",
        "crumbs": _crumbs((death.reference, death.get_absolute_url()), ("Progress", None)),
    }

    def save(data):
        data = dict(data)
        save_versioned(death, data.pop("version"), data, actor=request.user, request=request)

    return _step(request, form, save, context, "Saved.", death.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def nhs_number(request, uuid):
    death = _death(request, uuid)
    form = NhsNumberForm(request.POST if request.method == "POST" else None, initial={"version": death.version})
    context = {
        "heading": f"NHS number for {death.reference}",
        "button": "Save",
        "back": death.get_absolute_url(),
        "crumbs": _crumbs((death.reference, death.get_absolute_url()), ("NHS number", None)),
    }

    def save(data):
        deaths.change_nhs_number(
            actor=request.user, death=death, version=data["version"], nhs_number=data["nhs_number"], request=request
        )

    return _step(request, form, save, context, "NHS number saved.", death.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def reporting_new(request, uuid):
    death = _death(request, uuid)
    form = ReportingRequestForm(request.POST if request.method == "POST" else None)
    context = {
        "heading": f"Ask an agency for a reporting form: {death.reference}",
        "button": "Ask for the reporting form",
        "back": death.get_absolute_url(),
        "intro": "List each professional involved with the child by role. The agency's single points of contact "
        "are e-mailed, and chased each week once the form is late.",
        "crumbs": _crumbs((death.reference, death.get_absolute_url()), ("Reporting form", None)),
    }

    def save(data):
        deaths.request_reports(actor=request.user, death=death, request=request, **data)

    return _step(request, form, save, context, "Reporting form asked for.", death.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def reporting_received(request, uuid, reporting_uuid):
    death = _death(request, uuid)
    reporting = ReportingRequest.objects.filter(death=death, uuid=reporting_uuid).select_related("agency").first()
    if reporting is None:
        raise refuse(request, "reporting form")
    form = ReceivedForm(
        request.POST if request.method == "POST" else None, initial={"received_on": timezone.localdate()}
    )
    context = {
        "heading": f"Reporting form from {reporting.agency}",
        "button": "Save",
        "back": death.get_absolute_url(),
        "crumbs": _crumbs((death.reference, death.get_absolute_url()), ("Reporting form received", None)),
    }

    def save(data):
        deaths.mark_received(actor=request.user, reporting=reporting, request=request, **data)

    return _step(
        request, form, save, context, f"Reporting form from {reporting.agency} received.", death.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def analysis(request, uuid):
    death = _death(request, uuid)
    existing = DeathAnalysis.objects.filter(death=death).first()
    initial = {"version": existing.version if existing else 0, "analysed_on": death.panel_on}
    if existing:
        initial |= {
            "category": existing.category_id,
            "modifiable": existing.modifiable,
            "learning": existing.learning,
            "analysed_on": existing.analysed_on,
        }
        for row, factor in enumerate(existing.factors.all()):
            initial |= {
                f"factor_{row}_domain": factor.domain,
                f"factor_{row}_description": factor.description,
                f"factor_{row}_grade": factor.grade,
            }
    form = AnalysisForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            deaths.record_analysis(
                actor=request.user,
                death=death,
                category=data["category"],
                modifiable=data["modifiable"],
                learning=data["learning"],
                analysed_on=data["analysed_on"],
                factors=[deaths.FactorEntry(*entry) for entry in form.factor_entries],
                version=data["version"],
                request=request,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"The panel's analysis of {death.reference} is recorded.")
            return redirect(death.get_absolute_url())
    context = {
        "heading": f"The panel's analysis: {death.reference}",
        "button": "Record the analysis",
        "back": death.get_absolute_url(),
        "rows": [
            (form[f"factor_{row}_domain"], form[f"factor_{row}_description"], form[f"factor_{row}_grade"], row + 1)
            for row in range(8)
        ],
        "crumbs": _crumbs((death.reference, death.get_absolute_url()), ("Analysis", None)),
    }
    return form_page(request, "reviews/deaths/analysis_form.html", context, form)


def _raise_death_action(*, death: ChildDeath, actor, request, **fields) -> Action:
    with transaction.atomic():
        action = create_action(
            actor=actor, source=death, source_label=f"Child death review {death.reference}", request=request, **fields
        )
        access.record(request, AccessEntry.Kind.CHANGED, death, detail=f"action {action.reference} raised")
    return action


@login_required
@require_http_methods(["GET", "POST"])
def death_action(request, uuid):
    death = _death(request, uuid)
    back = death.get_absolute_url()
    form = RecommendationActionForm(request.POST if request.method == "POST" else None)
    context = {
        "heading": f"Raise an action from {death.reference}",
        "button": "Raise the action",
        "back": back,
        "intro": "The action names the review only by its reference. Write nothing that could identify the child.",
        "crumbs": _crumbs((death.reference, back), ("Raise an action", None)),
    }
    raise_action = partial(_raise_death_action, death=death, actor=request.user, request=request)
    return raise_action_page(
        request, form, raise_action, back=back, template=FORM, context=context | {"caption": CAPTION}
    )


@login_required
@require_http_methods(["GET", "POST"])
def export_reviews(request):
    access.require_cdop(request, "child death export")
    if not access.can_export_deaths(request.user):
        raise refuse(request, "child death export")
    years = _years()
    form = ExportForm(request.POST if request.method == "POST" else None, years=years)
    if form.is_valid():
        chosen = form.cleaned_data["year"]
        queryset = ChildDeath.objects.all()
        name = "child-death-reviews"
        if chosen:
            year = FinancialYear.parse(chosen)
            queryset = queryset.filter(analysis__analysed_on__gte=year.start, analysis__analysed_on__lte=year.end)
            name = f"child-death-reviews-{year.slug}"
        selected = list(export.reviewed(queryset))
        if not selected:
            form.add_error(None, "No completed review matches: there is nothing to export")
        else:
            content = export.archive(export.records(selected), form.cleaned_data["password"], name=name)
            access.record_many(request, AccessEntry.Kind.EXPORTED, selected, detail=f"{name}.zip")
            return file_response(f"{name}.zip", content, "application/zip")
    context = {
        "heading": "Export completed reviews for the national database",
        "button": "Download the archive",
        "back": reverse("reviews:child-deaths"),
        "intro": "The archive holds a JSON file and a CSV file in the documented format, encrypted with AES-256 "
        "under the password you choose. It includes NHS numbers. Every review exported is written to the "
        "access log.",
        "crumbs": _crumbs(("Export", None)),
    }
    return form_page(request, FORM, context | {"caption": CAPTION}, form)


@login_required
@require_http_methods(["GET", "POST"])
def thematic_new(request):
    access.require_cdop(request, "thematic review")
    form = ThematicReviewForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        with transaction.atomic():
            review = ThematicReview(
                title=form.cleaned_data["title"],
                held_on=form.cleaned_data["held_on"],
                findings=form.cleaned_data["findings"],
            )
            review._history_user = request.user
            review.save()
            review.deaths.set(form.cleaned_data["deaths"])
        messages.success(request, f"Thematic review “{review.title}” recorded.")
        return redirect(review.get_absolute_url())
    context = {
        "heading": "Record a thematic review",
        "button": "Record the review",
        "back": reverse("reviews:child-deaths"),
        "crumbs": _crumbs(("Thematic review", None)),
    }
    return form_page(request, FORM, context | {"caption": CAPTION}, form)


@login_required
@require_GET
def thematic_detail(request, uuid):
    access.require_cdop(request, "thematic review")
    review = ThematicReview.objects.filter(uuid=uuid).first()
    if review is None:
        raise refuse(request, "thematic review")
    considered = list(review.deaths.select_related("analysis__category"))
    access.record_many(request, AccessEntry.Kind.LISTED, considered, detail=f"thematic review {review.title}"[:300])
    context = {"review": review, "deaths": considered, "crumbs": _crumbs((review.title, None))}
    return TemplateResponse(request, "reviews/deaths/thematic.html", context)
