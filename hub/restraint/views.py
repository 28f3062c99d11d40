"""Pages of the restraint module (under /restraint/).

The home's staff and the scrutiny reviewers see the figures and incidents (staff only their own
home's); staff record incidents and send the monthly return; reviewers plan scrutiny sessions,
draw samples and record CCTV reviews. Everyone else gets 404 (``access``). Every page that shows
incident records writes who saw them to the audit log, and reviewers can read that log on each
incident ("Who has viewed this incident").
"""

from __future__ import annotations

from datetime import date
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Prefetch
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.core.audit import describe_event, log_action
from hub.core.errors import DomainError
from hub.core.exports import XLSX_CONTENT_TYPE, csv_response, file_response
from hub.core.history import history_for
from hub.core.models import Action, Agency, AuditEntry
from hub.core.periods import FinancialYear
from hub.core.permissions import refuse
from hub.core.views.forms import form_page, raise_action_page, show_refusal
from hub.core.views.paging import pagination, querystring
from hub.restraint import access, charts, figures, importing, services
from hub.restraint.forms import (
    CompleteForm,
    DrawForm,
    ImportForm,
    IncidentForm,
    ReviewActionForm,
    ReviewForm,
    SessionForm,
)
from hub.restraint.models import (
    CctvReview,
    Incident,
    IncidentImport,
    Injury,
    RestraintSettings,
    Sample,
    SampleItem,
    ScrutinySession,
)

PAGE_SIZE = 50
VIEWED = "restraint.incident.viewed"


def _crumbs(*extra):
    return [("Home", "/"), ("Restraint", reverse("restraint:overview")), *extra]


def _recorder_homes(user):
    return Agency.objects.filter(pk__in=[home.pk for home in access.recorder_homes(user)]).order_by("name")


def _year_choice(request, incidents) -> tuple[FinancialYear, list[FinancialYear]]:
    span = incidents.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    first, last = span["first"], span["last"]
    today = timezone.localdate()
    years = []
    if first is not None:
        year = FinancialYear.containing(timezone.localtime(first).date())
        end = FinancialYear.containing(timezone.localtime(last).date())
        while year.start_year <= end.start_year:
            years.append(year)
            year = FinancialYear(year.start_year + 1)
    chosen = years[-1] if years else FinancialYear.containing(today)
    wanted = request.GET.get("year")
    if wanted:
        try:
            parsed = FinancialYear.parse(wanted)
        except ValueError:
            parsed = None
        if parsed is not None and parsed in years:
            chosen = parsed
    return chosen, list(reversed(years))


# Figures ----------------------------------------------------------------------------------------


@login_required
@require_GET
def overview(request):
    access.require_access(request, "restraint figures")
    incidents = access.visible_incidents(request.user)
    year, years = _year_choice(request, incidents)
    result = figures.figures_for(incidents, year.start, year.end)
    previous = figures.figures_for(
        incidents, FinancialYear(year.start_year - 1).start, FinancialYear(year.start_year - 1).end
    )
    chart = charts.monthly_chart(incidents, year)
    is_reviewer = access.is_reviewer(request.user)
    context = {
        "year": year,
        "years": years,
        "figures": result,
        "previous": previous,
        "previous_year": FinancialYear(year.start_year - 1),
        "statement": figures.statement(result, year.label),
        "quarters": figures.quarterly(incidents, year),
        "months": figures.monthly(incidents, year.start, year.end),
        "chart": chart,
        "levels": [(level, result.level(level)) for level in Injury.values],
        "is_reviewer": is_reviewer,
        "is_recorder": bool(access.recorder_homes(request.user)),
        "sessions": ScrutinySession.objects.filter(held_on__gte=year.start, held_on__lte=year.end).count()
        if is_reviewer
        else None,
        "crumbs": [("Home", "/"), ("Restraint", None)],
    }
    return TemplateResponse(request, "restraint/overview.html", context)


# Incidents --------------------------------------------------------------------------------------


def _filtered(request, incidents):
    params = request.GET
    applied = {}
    month = params.get("month", "")
    if month:
        try:
            start = date.fromisoformat(f"{month}-01")
        except ValueError:
            start = None
        if start:
            incidents = figures.in_period(incidents, start, figures.month_end(start))
            applied["month"] = f"{start:%B %Y}"
    injury = params.get("injury", "")
    if injury.isdigit() and int(injury) in Injury.values:
        incidents = incidents.filter(injury=int(injury))
        applied["injury"] = Injury(int(injury)).label
    young_person = params.get("young_person", "").strip()
    if young_person:
        incidents = incidents.filter(young_person__iexact=young_person[:20])
        applied["young_person"] = young_person[:20]
    return incidents, applied


@login_required
@require_GET
def incident_list(request):
    access.require_access(request, "restraint incidents")
    incidents, applied = _filtered(request, access.visible_incidents(request.user))
    incidents = incidents.select_related("home", "location", "reason").prefetch_related("techniques")
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("page"))
    log_action(
        "restraint.incidents.listed",
        request=request,
        data={"filters": applied, "page": page.number, "shown": [incident.home_reference for incident in page]},
    )
    context = {
        "page": page,
        "applied": applied,
        "filters": querystring(request.GET, page=None),
        "pagination": pagination(page, request.GET),
        "injuries": Injury.choices,
        "is_recorder": bool(access.recorder_homes(request.user)),
        "crumbs": _crumbs(("Incidents", None)),
    }
    return TemplateResponse(request, "restraint/incident_list.html", context)


def _get_incident(request, uuid) -> Incident:
    incident = (
        access.visible_incidents(request.user)
        .select_related("home", "location", "reason", "recorded_by", "source_import")
        .filter(uuid=uuid)
        .first()
    )
    if incident is None:
        raise refuse(request, "restraint incident")
    return incident


def _views_of(incident: Incident):
    return AuditEntry.objects.filter(
        action=VIEWED, content_type=ContentType.objects.get_for_model(Incident), object_id=str(incident.pk)
    ).order_by("-created_at")[:100]


@login_required
@require_GET
def incident_detail(request, uuid):
    access.require_access(request, "restraint incident")
    incident = _get_incident(request, uuid)
    log_action(VIEWED, request=request, obj=incident)
    viewed = describe_event(VIEWED)
    is_reviewer = access.is_reviewer(request.user)
    context = {
        "incident": incident,
        "techniques": list(incident.techniques.all()),
        "samples": SampleItem.objects.filter(incident=incident).select_related("sample__session", "review"),
        "can_edit": incident.home_id in {home.pk for home in access.recorder_homes(request.user)},
        "is_reviewer": is_reviewer,
        "views": _views_of(incident) if is_reviewer else None,
        "history": [event for event in history_for(incident) if event.what != viewed],
        "late": _recorded_late(incident),
        "crumbs": _crumbs(("Incidents", reverse("restraint:incidents")), (str(incident), None)),
    }
    return TemplateResponse(request, "restraint/incident_detail.html", context)


def _recorded_late(incident: Incident) -> bool:
    hours = RestraintSettings.load().record_within_hours
    return (
        incident.source_import_id is None
        and (incident.recorded_at - incident.occurred_at).total_seconds() > hours * 3600
    )


@login_required
@require_http_methods(["GET", "POST"])
def incident_new(request):
    access.require_recorder(request, "record a restraint incident")
    homes = _recorder_homes(request.user)
    form = IncidentForm(request.POST if request.method == "POST" else None, homes=homes)
    if request.method == "POST" and form.is_valid():
        home = form.cleaned_data.get("home") or homes.first()
        try:
            incident = services.record_incident(
                actor=request.user,
                home=home,
                home_reference=form.cleaned_data["home_reference"],
                techniques=form.cleaned_data["techniques"],
                request=request,
                **form.service_values(),
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, reverse("restraint:incidents"))) is not None:
                return response
        else:
            messages.success(request, f"Incident {incident.home_reference} recorded.")
            return redirect(incident)
    context = {
        "heading": "Record a use of restraint",
        "button": "Record the incident",
        "back": reverse("restraint:incidents"),
        "crumbs": _crumbs(("Incidents", reverse("restraint:incidents")), ("Record an incident", None)),
    }
    return form_page(request, "restraint/incident_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def incident_edit(request, uuid):
    access.require_recorder(request, "change a restraint incident")
    incident = _get_incident(request, uuid)
    if incident.home_id not in {home.pk for home in access.recorder_homes(request.user)}:
        raise refuse(request, "change a restraint incident")
    form = IncidentForm(
        request.POST if request.method == "POST" else None, homes=_recorder_homes(request.user), incident=incident
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_incident(
                actor=request.user,
                incident=incident,
                version=form.cleaned_data["version"] or 0,
                techniques=form.cleaned_data["techniques"],
                request=request,
                **form.service_values(),
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, incident.get_absolute_url())) is not None:
                return response
        else:
            messages.success(request, f"Incident {incident.home_reference} saved.")
            return redirect(incident)
    context = {
        "incident": incident,
        "heading": f"Change incident {incident.home_reference}",
        "button": "Save the changes",
        "back": incident.get_absolute_url(),
        "crumbs": _crumbs((str(incident), incident.get_absolute_url()), ("Change", None)),
    }
    return form_page(request, "restraint/incident_form.html", context, form)


# The monthly return --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    access.require_recorder(request, "restraint return")
    homes = _recorder_homes(request.user)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        homes=homes,
    )
    problems = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        home = form.cleaned_data.get("home") or homes.first()
        pending, result, _ = services.check_import(
            actor=request.user, home=home, file_name=upload.name, content=upload.read(), request=request
        )
        if pending is not None:
            return redirect(pending)
        problems = result.problems
    context = {
        "problems": problems,
        "recent": IncidentImport.objects.filter(home__in=homes).select_related("uploaded_by")[:10],
        "crumbs": _crumbs(("Send the monthly return", None)),
    }
    response = form_page(request, "restraint/import_upload.html", context, form)
    if problems:
        response.status_code = 400
    return response


@login_required
@require_GET
def import_template(request, kind):
    access.require_recorder(request, "restraint return template")
    if kind not in ("csv", "xlsx"):
        raise refuse(request, "restraint return template")
    if kind == "csv":
        return csv_response("restraint-return.csv", importing.HEADINGS, [])
    return file_response("restraint-return.xlsx", importing.build_template(), XLSX_CONTENT_TYPE)


def _get_import(request, uuid) -> IncidentImport:
    homes = [home.pk for home in access.recorder_homes(request.user)]
    pending = IncidentImport.objects.filter(uuid=uuid, home__in=homes).select_related("home").first()
    if pending is None:
        raise refuse(request, "restraint return")
    return pending


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request, uuid):
    access.require_recorder(request, "restraint return")
    pending = _get_import(request, uuid)
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "discard":
                services.discard_import(actor=request.user, pending=pending, request=request)
                messages.success(request, f"{pending.file_name} discarded: nothing was saved.")
                return redirect("restraint:import-upload")
            applied = services.apply_import(actor=request.user, pending=pending, request=request)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(pending)
        if applied.created or applied.updated:
            messages.success(
                request,
                f"{pending.file_name} saved: {applied.created} new incidents, {applied.updated} changed, "
                f"{applied.unchanged} unchanged.",
            )
        else:
            messages.success(
                request, f"Nothing changed: every incident in {pending.file_name} was already recorded as it is."
            )
        return redirect("restraint:incidents")
    rows = []
    if pending.status == IncidentImport.Status.CHECKED:
        rows = importing.read_return(bytes(pending.content), filename=pending.file_name).rows
    context = {
        "pending": pending,
        "rows": rows,
        "first": min((row.occurred_at for row in rows), default=None),
        "last": max((row.occurred_at for row in rows), default=None),
        "crumbs": _crumbs(("Send the monthly return", reverse("restraint:import-upload")), (pending.file_name, None)),
    }
    return TemplateResponse(request, "restraint/import_detail.html", context)


# Scrutiny sessions -----------------------------------------------------------------------------


def _get_session(request, uuid) -> ScrutinySession:
    access.require_reviewer(request, "restraint scrutiny session")
    session = ScrutinySession.objects.select_related("home").filter(uuid=uuid).first()
    if session is None:
        raise refuse(request, "restraint scrutiny session")
    return session


def _session_crumbs(session=None, *extra):
    crumbs = [("Scrutiny sessions", reverse("restraint:sessions"))]
    if session is not None:
        crumbs.append((str(session), session.get_absolute_url()))
    return _crumbs(*crumbs, *extra)


@login_required
@require_GET
def session_list(request):
    access.require_reviewer(request, "restraint scrutiny sessions")
    sessions = (
        ScrutinySession.objects.select_related("home")
        .annotate(reviewed=Count("samples__items__review", distinct=True))
        .order_by("-held_on")
    )
    current = {
        sample.session_id: sample
        for sample in Sample.objects.filter(superseded_by__isnull=True).annotate(drawn=Count("items"))
    }
    rows = [{"session": session, "sample": current.get(session.pk)} for session in sessions]
    context = {"rows": rows, "crumbs": _crumbs(("Scrutiny sessions", None))}
    return TemplateResponse(request, "restraint/session_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request):
    access.require_reviewer(request, "plan a restraint scrutiny session")
    homes = Agency.objects.filter(is_active=True).order_by("name")
    form = SessionForm(request.POST if request.method == "POST" else None, homes=homes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.create_session(
                actor=request.user,
                home=data["home"],
                held_on=data["held_on"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                reviewers=data["reviewers"],
                home_manager=data["home_manager"],
                request=request,
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, reverse("restraint:sessions"))) is not None:
                return response
        else:
            messages.success(request, "Scrutiny session planned. Draw its sample when you are ready.")
            return redirect(session)
    if not form.is_bound:
        home = Agency.objects.filter(restraint_incidents__isnull=False).distinct().first()
        form.initial = {"home": home}
    context = {
        "heading": "Plan a scrutiny session",
        "button": "Plan the session",
        "back": reverse("restraint:sessions"),
        "crumbs": _session_crumbs(None, ("Plan a session", None)),
    }
    return form_page(request, "restraint/form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, uuid):
    session = _get_session(request, uuid)
    initial = {
        "held_on": session.held_on,
        "period_start": session.period_start,
        "period_end": session.period_end,
        "reviewers": session.reviewers,
        "home_manager": session.home_manager,
        "version": session.version,
    }
    form = SessionForm(
        request.POST if request.method == "POST" else None, homes=Agency.objects.none(), editing=True, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_session(
                actor=request.user,
                session=session,
                version=data["version"] or 0,
                held_on=data["held_on"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                reviewers=data["reviewers"].strip(),
                home_manager=data["home_manager"].strip(),
                request=request,
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, session.get_absolute_url())) is not None:
                return response
        else:
            messages.success(request, "Session saved.")
            return redirect(session)
    context = {
        "heading": "Change the session",
        "button": "Save the changes",
        "back": session.get_absolute_url(),
        "crumbs": _session_crumbs(session, ("Change", None)),
    }
    return form_page(request, "restraint/form.html", context, form)


@login_required
@require_GET
def session_detail(request, uuid):
    session = _get_session(request, uuid)
    samples = list(
        session.samples.select_related("drawn_by", "superseded_by").prefetch_related(
            Prefetch("items", queryset=SampleItem.objects.select_related("incident", "review").order_by("position"))
        )
    )
    current = next((sample for sample in samples if sample.superseded_by_id is None), None)
    items = list(current.items.all()) if current else []
    for item in items:
        log_action(VIEWED, request=request, obj=item.incident, data={"via": "scrutiny session"})
    reviews = [item.review for item in items if hasattr(item, "review")]
    actions = []
    if reviews:
        actions = list(
            Action.objects.from_sources(CctvReview, [review.pk for review in reviews]).select_related("owner_agency")
        )
    context = {
        "session": session,
        "current": current,
        "items": items,
        "earlier": [sample for sample in samples if sample.superseded_by_id],
        "to_review": sum(1 for item in items if not hasattr(item, "review")),
        "actions": actions,
        "reviewer_lines": [line for line in session.reviewers.splitlines() if line.strip()],
        "complete_form": CompleteForm(initial={"summary": session.summary, "version": session.version}),
        "history": history_for(session),
        "crumbs": _session_crumbs(None, (str(session), None)),
    }
    return TemplateResponse(request, "restraint/session_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_draw(request, uuid):
    session = _get_session(request, uuid)
    current = session.current_sample
    settings = RestraintSettings.load()
    initial = {
        "size": settings.default_sample_size,
        "always_include_from_level": settings.always_include_from_level,
        "only_with_cctv": True,
    }
    form = DrawForm(request.POST if request.method == "POST" else None, redraw=current is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sample = services.draw_sample(
                actor=request.user,
                session=session,
                size=data["size"],
                always_include_from_level=data["always_include_from_level"],
                only_with_cctv=data["only_with_cctv"],
                reason=data.get("reason", ""),
                request=request,
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, session.get_absolute_url())) is not None:
                return response
        else:
            messages.success(request, f"{sample.items.count()} incidents drawn from {sample.population_count}.")
            return redirect(session)
    context = {
        "session": session,
        "current": current,
        "heading": "Draw the sample again" if current else "Draw the sample",
        "button": "Draw again" if current else "Draw the sample",
        "back": session.get_absolute_url(),
        "crumbs": _session_crumbs(session, ("Draw", None)),
    }
    return form_page(request, "restraint/draw.html", context, form)


@login_required
@require_GET
def sample_verify(request, uuid, sample_uuid):
    session = _get_session(request, uuid)
    sample = session.samples.filter(uuid=sample_uuid).select_related("drawn_by").first()
    if sample is None:
        raise refuse(request, "restraint sample")
    check = services.verify_sample(sample)
    recorded = list(sample.items.select_related("incident"))
    context = {
        "session": session,
        "sample": sample,
        "check": check,
        "recorded": recorded,
        "crumbs": _session_crumbs(session, ("Check the draw", None)),
    }
    return TemplateResponse(request, "restraint/verify.html", context)


def _get_item(request, session, item_uuid) -> SampleItem:
    item = (
        SampleItem.objects.filter(uuid=item_uuid, sample__session=session)
        .select_related("sample", "incident__location", "incident__reason")
        .first()
    )
    if item is None:
        raise refuse(request, "restraint CCTV review")
    return item


@login_required
@require_http_methods(["GET", "POST"])
def review(request, uuid, item_uuid):
    session = _get_session(request, uuid)
    item = _get_item(request, session, item_uuid)
    existing = CctvReview.objects.filter(item=item).first()
    initial = {}
    if existing is not None:
        initial = {
            name: getattr(existing, name)
            for name in (
                "lawful",
                "necessary",
                "proportionate",
                "circumstances",
                "restraint",
                "afterwards",
                "learning",
                "version",
            )
        }
    form = ReviewForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.record_review(actor=request.user, item=item, version=version, request=request, **data)
        except DomainError as error:
            if (response := show_refusal(request, error, form, session.get_absolute_url())) is not None:
                return response
        else:
            messages.success(request, f"CCTV review of incident {item.incident.home_reference} saved.")
            return redirect(session)
    log_action(VIEWED, request=request, obj=item.incident, data={"via": "CCTV review"})
    context = {
        "session": session,
        "item": item,
        "incident": item.incident,
        "techniques": list(item.incident.techniques.all()),
        "existing": existing,
        "actions": list(_actions_from(existing)),
        "heading": f"CCTV review of incident {item.incident.home_reference}",
        "button": "Save the review",
        "back": session.get_absolute_url(),
        "crumbs": _session_crumbs(session, (f"Incident {item.incident.home_reference}", None)),
    }
    return form_page(request, "restraint/review_form.html", context, form)


def _actions_from(review: CctvReview | None):
    if review is None:
        return []
    return Action.objects.from_source(review).select_related("owner_agency")


@login_required
@require_http_methods(["GET", "POST"])
def review_action(request, uuid, item_uuid):
    session = _get_session(request, uuid)
    item = _get_item(request, session, item_uuid)
    existing = CctvReview.objects.filter(item=item).first()
    if existing is None:
        messages.error(request, "Record the CCTV review before raising an action from it.")
        return redirect("restraint:review", uuid=session.uuid, item_uuid=item.uuid)
    form = ReviewActionForm(request.POST if request.method == "POST" else None)
    context = {
        "heading": "Raise an action from the CCTV review",
        "button": "Raise the action",
        "back": existing.get_absolute_url(),
        "crumbs": _session_crumbs(
            session,
            (f"Incident {item.incident.home_reference}", existing.get_absolute_url()),
            ("Raise an action", None),
        ),
    }
    raise_action = partial(services.raise_review_action, review=existing, actor=request.user, request=request)
    return raise_action_page(
        request, form, raise_action, back=existing.get_absolute_url(), template="restraint/form.html", context=context
    )


@login_required
@require_POST
def session_complete(request, uuid):
    session = _get_session(request, uuid)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.complete_session(
                actor=request.user,
                session=session,
                summary=form.cleaned_data["summary"],
                version=form.cleaned_data["version"] or 0,
                request=request,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Session completed.")
    else:
        messages.error(
            request, form.errors["summary"][0] if "summary" in form.errors else "Write what the session concluded"
        )
    return redirect(session)
