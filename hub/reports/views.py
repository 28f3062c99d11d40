"""The yearly report pages. Until a year's report is published, only people who read across the
partnership (business unit, executive, independent scrutineer) and the lead partners see it;
everyone else gets 404. Once published, the report's page is public and links to the report in the
website's resource library. Sign-off, publication and sending are described in ``hub.reports.signoff``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from hub.core.errors import DomainError
from hub.core.periods import FinancialYear
from hub.core.permissions import can_read_across_partnership, is_business_unit, refuse, role_required
from hub.core.views.forms import form_page, show_refusal
from hub.reports import checklist as checklists
from hub.reports import generation, reporting, services, signoff
from hub.reports.forms import (
    MissingReasonForm,
    NarrativeForm,
    PublishForm,
    SendingForm,
    SignOffDecisionForm,
    StartSignOffForm,
)
from hub.reports.models import ReportGeneration, ReportSignOff, SignOffDecision
from hub.reports.narrative import render as render_narrative
from hub.reports.narrative import slot_slug

readers_required = role_required(can_read_across_partnership, "yearly report")
writers_required = role_required(is_business_unit, "yearly report narrative")


def can_read_unpublished(user) -> bool:
    """Who reads a year's report before it is published: staff who read across the partnership, and
    the lead partners who sign it off."""
    return can_read_across_partnership(user) or signoff.is_lead_partner(user)


report_readers_required = role_required(can_read_unpublished, "yearly report")

# The progress page of a PDF being made reloads itself this often while it waits.
PROGRESS_REFRESH_SECONDS = 3


def _year_or_404(year_slug: str) -> FinancialYear:
    try:
        return reporting.parse_year(year_slug)
    except ValueError as error:
        raise Http404(str(error)) from error


@readers_required
def index(request):
    years = reporting.recent_years()
    return render(
        request,
        "reports/index.html",
        {"years": years, "current_year": years[0], "crumbs": [("Home", "/"), ("Yearly report", "")]},
    )


def report(request, year_slug):
    year = _year_or_404(year_slug)
    sign_off = signoff.sign_off_for(year)
    staff = can_read_unpublished(request.user)
    if not staff and not sign_off.is_published:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise refuse(request, "yearly report")
    built = reporting.build_report(year)
    across = can_read_across_partnership(request.user)
    return render(
        request,
        "reports/report.html",
        {
            "report": built if staff else built.without_failures(),
            "staff": staff,
            "show_failures": staff,
            "sign_off": sign_off,
            "library_url": sign_off.resource_page.get_url(request) if sign_off.is_published else "",
            "can_write": is_business_unit(request.user),
            "is_lead_partner": bool(signoff.partners_for(request.user)),
            # The index of years is for staff who read across the partnership; the public and a lead
            # partner without that role reach the report from the library or their e-mail.
            "crumbs": [("Home", "/"), ("Yearly report", reverse("reports:index")), (year.label, "")]
            if across
            else [("Home", "/"), (f"Yearly report {year.label}", "")],
        },
    )


@report_readers_required
@require_POST
def prepare_pdf(request, year_slug):
    """Queue the making of the year's PDF (or find the run already under way) and show its progress."""
    year = _year_or_404(year_slug)
    run, created = generation.request_pdf(actor=request.user, year=year)
    if not created:
        messages.info(request, f"The PDF of the report for {year.label} is being prepared already.")
    return redirect(reverse("reports:pdf-progress", args=[year.slug, run.uuid]))


def _run_or_404(year: FinancialYear, run_uuid) -> ReportGeneration:
    run = ReportGeneration.objects.filter(uuid=run_uuid, year=year.start_year).first()
    if run is None:
        raise Http404("There is no such PDF of this year's report")
    return run


@report_readers_required
def pdf_progress(request, year_slug, run_uuid):
    """How far the PDF has got; the page refreshes itself until it is ready or has failed."""
    year = _year_or_404(year_slug)
    generation.fail_stalled(year)
    run = _run_or_404(year, run_uuid)
    sign_off = signoff.sign_off_for(year) if run.purpose == ReportGeneration.Purpose.PUBLICATION else None
    publishing = sign_off is not None
    return render(
        request,
        "reports/pdf_progress.html",
        {
            "year": year,
            "run": run,
            "publishing": publishing,
            "sign_off": sign_off,
            "library_url": sign_off.resource_page.get_url(request) if publishing and sign_off.is_published else "",
            "refresh_seconds": PROGRESS_REFRESH_SECONDS,
            # A lead partner without a role across the partnership has no index of years to go back to.
            "crumbs": _report_crumbs(year, ("Publish the report" if publishing else "PDF of the report", ""))
            if can_read_across_partnership(request.user)
            else [("Home", "/"), (f"Yearly report {year.label}", reverse("reports:report", args=[year.slug]))],
        },
    )


@report_readers_required
def pdf_download(request, year_slug, run_uuid):
    """The PDF a finished run made, as a download that no cache keeps."""
    year = _year_or_404(year_slug)
    run = _run_or_404(year, run_uuid)
    if run.state != ReportGeneration.State.DONE or not run.file:
        raise Http404("This PDF is not ready")
    try:
        handle = run.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("This PDF is no longer kept: prepare a new one") from error
    response = FileResponse(
        handle, as_attachment=True, filename=reporting.pdf_filename(year), content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _report_crumbs(year: FinancialYear, *extra):
    return [
        ("Home", "/"),
        ("Yearly report", reverse("reports:index")),
        (year.label, reverse("reports:report", args=[year.slug])),
        *extra,
    ]


@readers_required
def narrative_list(request, year_slug):
    year = _year_or_404(year_slug)
    built = reporting.build_report(year)
    blocks = services.blocks_for(year)
    rows = [(place, place.find(blocks)) for place in services.narrative_places(built)]
    sign_off = signoff.sign_off_for(year)
    return render(
        request,
        "reports/narrative_list.html",
        {
            "report": built,
            "rows": rows,
            "written": sum(1 for _, block in rows if block is not None and block.is_written),
            "sign_off": sign_off,
            "can_write": is_business_unit(request.user) and not sign_off.content_frozen,
            "crumbs": _report_crumbs(year, ("Narrative", "")),
        },
    )


def _place_or_404(built, predicate) -> services.NarrativePlace:
    place = next((place for place in services.narrative_places(built) if predicate(place)), None)
    if place is None:
        raise Http404("There is no such text in this year's report")
    return place


@writers_required
@require_http_methods(["GET", "POST"])
def narrative_chapter(request, year_slug, chapter_slug):
    built = reporting.build_report(_year_or_404(year_slug))
    place = _place_or_404(built, lambda place: place.chapter is not None and place.chapter.slug == chapter_slug)
    return _narrative_edit(request, built, place)


@writers_required
@require_http_methods(["GET", "POST"])
def narrative_slot(request, year_slug, section_slug, slot):
    built = reporting.build_report(_year_or_404(year_slug))
    place = _place_or_404(
        built,
        lambda place: (
            place.section is not None and place.section.slug == section_slug and slot_slug(place.slot) == slot
        ),
    )
    return _narrative_edit(request, built, place)


def _sections_of(built, place: services.NarrativePlace) -> list:
    """The sections whose figures and tables the preview shows beside the text."""
    if place.section is not None:
        return [place.section]
    chapter = next((chapter for chapter in built.chapters if chapter.slug == place.chapter.slug), None)
    return [item.section for item in chapter.sections if not item.failed] if chapter else []


def _narrative_edit(request, built, place: services.NarrativePlace):
    block = place.find(services.blocks_for(built.year))
    initial = {"text": block.text if block else "", "version": block.version if block else 0}
    form = NarrativeForm(request.POST if request.method == "POST" else None, initial=initial)
    conflict = None
    preview_text = request.POST.get("text", "") if request.method == "POST" else initial["text"]
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        try:
            if request.POST.get("action") == "preview":
                services.check_tokens(text, built.figures)
            else:
                services.save_narrative(
                    actor=request.user,
                    place=place,
                    text=text,
                    version=form.cleaned_data["version"],
                    figures=built.figures,
                    request=request,
                )
        except services.NarrativeConflict as error:
            conflict = error.current
            # The typed text stays in the box; the next save builds on the version now stored.
            data = request.POST.copy()
            data["version"] = str(conflict.version)
            form = NarrativeForm(data)
            form.is_valid()
            form.add_error(None, error.message)
        except DomainError as error:
            if error.field is None:
                messages.error(request, error.message)
                return redirect(reverse("reports:narrative", args=[built.year.slug]))
            error.add_to_form(form)
        else:
            if request.POST.get("action") != "preview":
                messages.success(request, f"The text for \u201c{place.title}\u201d has been saved.")
                return redirect(reverse("reports:narrative", args=[built.year.slug]))
    context = {
        "report": built,
        "place": place,
        "saved": block,  # not "block": inside {% block %} Django binds that name to the block itself
        "conflict": conflict,
        "conflict_html": render_narrative(conflict.text, built.figures, staff=True) if conflict else "",
        "preview": render_narrative(preview_text, built.figures, staff=True),
        "sections": _sections_of(built, place),
        "figures": built.figures.values(),
        "crumbs": _report_crumbs(
            built.year, ("Narrative", reverse("reports:narrative", args=[built.year.slug])), (place.title, "")
        ),
    }
    return form_page(request, "reports/narrative_form.html", context, form)


@writers_required
@require_http_methods(["GET", "POST"])
def checklist(request, year_slug):
    year = _year_or_404(year_slug)
    result = checklists.checklist(year)
    missing = [status for status in result.items if status.item.required and not status.present]
    forms = {
        status.item.slug: MissingReasonForm(
            prefix=status.item.slug,
            initial={"reason": status.reason.reason if status.reason else ""},
        )
        for status in missing
    }
    bound = None
    if request.method == "POST":
        slug = request.POST.get("item", "")
        status = next((status for status in missing if status.item.slug == slug), None)
        if status is None:
            messages.error(request, "That item is present in the report or no longer on the checklist.")
            return redirect(reverse("reports:checklist", args=[year.slug]))
        bound = MissingReasonForm(request.POST, prefix=slug)
        forms[slug] = bound
        if bound.is_valid():
            try:
                checklists.record_missing_reason(
                    actor=request.user,
                    item=status.item,
                    year=year,
                    reason=bound.cleaned_data["reason"],
                    request=request,
                )
            except DomainError as error:
                error.add_to_form(bound)
            else:
                messages.success(request, f"Reason recorded for \u201c{status.item.title}\u201d.")
                return redirect(reverse("reports:checklist", args=[year.slug]))
    sign_off = signoff.sign_off_for(year)
    rows = [(status, None if sign_off.content_frozen else forms.get(status.item.slug)) for status in result.items]
    context = {
        "year": year,
        "sign_off": sign_off,
        "checklist": result,
        "rows": rows,
        "crumbs": _report_crumbs(year, ("Statutory checklist", "")),
    }
    return form_page(request, "reports/checklist.html", context, bound or MissingReasonForm())


# Sign-off, publication and sending --------------------------------------------------------------


def _partner_rows(sign_off: ReportSignOff) -> list[tuple]:
    """Each active lead partner with their decision in the current round (or None)."""
    decisions = {}
    if sign_off.pk and sign_off.round:
        decisions = {
            decision.lead_partner_id: decision
            for decision in sign_off.decisions.filter(round=sign_off.round).select_related("decided_by")
        }
    return [(partner, decisions.get(partner.pk)) for partner in signoff.active_lead_partners()]


def _returns(sign_off: ReportSignOff) -> list[SignOffDecision]:
    if not sign_off.pk:
        return []
    return list(
        sign_off.decisions.filter(decision=SignOffDecision.Decision.RETURNED)
        .select_related("lead_partner", "decided_by")
        .order_by("-decided_at", "-pk")
    )


@report_readers_required
def sign_off(request, year_slug):
    year = _year_or_404(year_slug)
    record = signoff.sign_off_for(year)
    statuses = signoff.sending_statuses(record, year) if record.is_published else []
    return render(
        request,
        "reports/sign_off.html",
        {
            "year": year,
            "sign_off": record,
            "partner_rows": _partner_rows(record),
            "returns": _returns(record),
            "statuses": statuses,
            "to_send": [status for status in statuses if status.sending is None],
            "library_url": record.resource_page.get_url(request) if record.is_published else "",
            "can_write": is_business_unit(request.user),
            "is_lead_partner": signoff.is_lead_partner(request.user),
            "crumbs": _report_crumbs(year, ("Sign-off and publication", "")),
        },
    )


def _sign_off_crumbs(year: FinancialYear, title: str):
    return _report_crumbs(
        year, ("Sign-off and publication", reverse("reports:sign-off", args=[year.slug])), (title, "")
    )


@writers_required
@require_http_methods(["GET", "POST"])
def sign_off_start(request, year_slug):
    year = _year_or_404(year_slug)
    record = signoff.sign_off_for(year)
    back = reverse("reports:sign-off", args=[year.slug])
    if record.state != ReportSignOff.State.DRAFT:
        messages.error(request, f"Sign-off of the report for {year.label} has already started.")
        return redirect(back)
    result = checklists.checklist(year)
    form = StartSignOffForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            signoff.start_sign_off(actor=request.user, year=year, result=result, request=request)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"The report for {year.label} has been sent to the lead partners to sign off.")
            return redirect(back)
    context = {
        "year": year,
        "checklist": result,
        "blocking_message": "" if result.may_proceed else signoff.blocking_message(result),
        "partner_rows": _partner_rows(record),
        "crumbs": _sign_off_crumbs(year, "Start sign-off"),
    }
    return form_page(request, "reports/sign_off_start.html", context, form)


@require_http_methods(["GET", "POST"])
def sign_off_decide(request, year_slug):
    """The lead partner's page: the report, its checklist, and their decision."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    partners = signoff.partners_for(request.user)
    if not partners:
        raise refuse(request, "yearly report sign-off")
    year = _year_or_404(year_slug)
    record = signoff.sign_off_for(year)
    rows = _partner_rows(record)
    mine = [decision for partner, decision in rows if partner in partners and decision is not None]
    form = SignOffDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == SignOffDecisionForm.APPROVE
        try:
            signoff.decide(
                actor=request.user,
                year=year,
                approve=approve,
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except DomainError as error:
            redirected = show_refusal(request, error, form, request.path)
            if redirected:
                return redirected
        else:
            if approve:
                messages.success(request, f"You have approved the report for {year.label}.")
            else:
                messages.success(
                    request, f"You have returned the report for {year.label}. The business unit has been told why."
                )
            return redirect(request.path)
    context = {
        "year": year,
        "sign_off": record,
        "partners": partners,
        "partner_rows": rows,
        "mine": mine,
        "awaiting": record.state == ReportSignOff.State.AWAITING,
        "checklist": checklists.checklist(year),
        "crumbs": [("Home", "/"), (f"Sign off the {year.label} report", "")],
    }
    return form_page(request, "reports/sign_off_decide.html", context, form)


@writers_required
@require_http_methods(["GET", "POST"])
def publish(request, year_slug):
    year = _year_or_404(year_slug)
    record = signoff.sign_off_for(year)
    back = reverse("reports:sign-off", args=[year.slug])
    if record.state not in (ReportSignOff.State.SIGNED_OFF, ReportSignOff.State.PUBLISHED):
        messages.error(request, "The report can be published once every lead partner has signed it off.")
        return redirect(back)
    initial = {
        "summary": record.publication_summary
        or f"The yearly report of the partnership for {year.label}: what the partners did to keep children safe, "
        "and how well the arrangements worked."
    }
    form = PublishForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            run, created = generation.request_publication(
                actor=request.user, year=year, summary=form.cleaned_data["summary"], request=request
            )
        except DomainError as error:
            redirected = show_refusal(request, error, form, back)
            if redirected:
                return redirected
        else:
            if not created:
                messages.info(request, f"The report for {year.label} is being published already.")
            return redirect(reverse("reports:pdf-progress", args=[year.slug, run.uuid]))
    context = {
        "year": year,
        "sign_off": record,
        "library_url": record.resource_page.get_url(request) if record.is_published else "",
        "crumbs": _sign_off_crumbs(year, "Publish the report"),
    }
    return form_page(request, "reports/publish.html", context, form)


@writers_required
@require_http_methods(["GET", "POST"])
def sending(request, year_slug):
    year = _year_or_404(year_slug)
    record = signoff.sign_off_for(year)
    back = reverse("reports:sign-off", args=[year.slug])
    if not record.is_published:
        messages.error(request, "Sending can be recorded once the report is published.")
        return redirect(back)
    statuses = signoff.sending_statuses(record, year)
    bodies = signoff.bodies_for(year)
    if not bodies:
        messages.error(request, "There are no bodies to send the report to. Add them in the back office first.")
        return redirect(back)
    waiting = next((status.body for status in statuses if status.sending is None), None)
    form = SendingForm(
        request.POST if request.method == "POST" else None,
        bodies=bodies,
        initial={"body": waiting.slug if waiting else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            signoff.record_sending(
                actor=request.user,
                year=year,
                body=form.cleaned_data["body"],
                sent_on=form.cleaned_data["sent_on"],
                method=form.cleaned_data["method"],
                details=form.cleaned_data["details"],
                request=request,
            )
        except DomainError as error:
            redirected = show_refusal(request, error, form, back)
            if redirected:
                return redirected
        else:
            messages.success(request, f"Sending to {form.cleaned_data['body'].name} has been recorded.")
            return redirect(back)
    context = {
        "year": year,
        "sign_off": record,
        "statuses": statuses,
        "crumbs": _sign_off_crumbs(year, "Record sending"),
    }
    return form_page(request, "reports/sending.html", context, form)
