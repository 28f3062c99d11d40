"""The yearly report pages. Until sign-off and publication arrive, only people who read across the
partnership (business unit, executive, independent scrutineer) see them; everyone else gets 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from hub.core.errors import DomainError
from hub.core.periods import FinancialYear
from hub.core.permissions import can_read_across_partnership, is_business_unit, role_required
from hub.core.views.forms import form_page
from hub.reports import checklist as checklists
from hub.reports import reporting, services
from hub.reports.forms import MissingReasonForm, NarrativeForm
from hub.reports.narrative import render as render_narrative
from hub.reports.narrative import slot_slug

readers_required = role_required(can_read_across_partnership, "yearly report")
writers_required = role_required(is_business_unit, "yearly report narrative")


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


@readers_required
def report(request, year_slug):
    year = _year_or_404(year_slug)
    built = reporting.build_report(year)
    return render(
        request,
        "reports/report.html",
        {
            "report": built,
            "show_failures": True,
            "can_write": is_business_unit(request.user),
            "crumbs": [("Home", "/"), ("Yearly report", reverse("reports:index")), (year.label, "")],
        },
    )


@readers_required
def report_pdf(request, year_slug):
    year = _year_or_404(year_slug)
    response = HttpResponse(reporting.render_pdf(reporting.build_report(year)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{reporting.pdf_filename(year)}"'
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
    return render(
        request,
        "reports/narrative_list.html",
        {
            "report": built,
            "rows": rows,
            "written": sum(1 for _, block in rows if block is not None and block.is_written),
            "can_write": is_business_unit(request.user),
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
    rows = [(status, forms.get(status.item.slug)) for status in result.items]
    context = {
        "year": year,
        "checklist": result,
        "rows": rows,
        "crumbs": _report_crumbs(year, ("Statutory checklist", "")),
    }
    return form_page(request, "reports/checklist.html", context, bound or MissingReasonForm())
