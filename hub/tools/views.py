"""Practitioner tool pages under /tools/: open to everyone, signed in or not.

What a practitioner types or uploads is posted, checked and rendered straight back (as a page,
a PDF or a spreadsheet) and then forgotten: it is never written to the database, the session,
the cache, flash messages or a log. Every response that contains it is marked
``Cache-Control: private, no-store``. The only thing recorded is one more use of the tool in the
month (``ToolUse``), with nothing about who used it or what they wrote.

The guide's search is a POST for the same reason: a search in the address would end up in
server logs and browser history.
"""

from __future__ import annotations

import functools
from datetime import date

from django.core import signing
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hub.core.exports import XLSX_CONTENT_TYPE, csv_response, xlsx_response
from hub.core.views.forms import form_page
from hub.tools import chronology as chronology_module
from hub.tools.documents import NO_STORE, dated_filename, pdf_response
from hub.tools.forms import ChronologyForm, GuideSearchForm, HarmMatrixForm, ParticipantFormSet, ScalingForm
from hub.tools.models import AgeBand, Behaviour, BehaviourCategory, GuideLink, HarmMatrixCell, Tool, ToolUse
from hub.tools.scaling import Rating, Summary
from hub.tools.uploads import CappedMemoryUploadHandler

CHRONOLOGY_SALT = "hub.tools.chronology.result"
# A chronology page's download buttons work for this long after it was built.
CHRONOLOGY_SIGNATURE_SECONDS = 4 * 60 * 60
SCALING_START_ROWS = 8
SCALING_ADD_ROWS = 4
SCALING_MAX_ROWS = 20


def no_store(view):
    """Mark the response private and not to be stored: it may contain what a practitioner typed."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = NO_STORE
        return response

    return wrapped


def _crumbs(*extra):
    return [("Home", "/"), ("Practitioner tools", reverse("tools:index")), *extra]


@require_GET
def index(request):
    return TemplateResponse(request, "tools/index.html", {"crumbs": _crumbs()[:-1] + [("Practitioner tools", None)]})


# Sexual development and behaviour guide -------------------------------------------------------------


def _age_bands():
    return list(AgeBand.objects.all())


def _guide_context(**extra) -> dict:
    return {"links": list(GuideLink.objects.all()), "categories": list(BehaviourCategory.objects.all()), **extra}


@no_store
@require_http_methods(["GET", "POST"])
def guide(request):
    """The guide's age bands and a search; a search answers the POST with the matching behaviours."""
    age_bands = _age_bands()
    context = _guide_context(age_bands=age_bands, crumbs=_crumbs(("Sexual development and behaviour guide", None)))
    if request.method == "GET":
        return form_page(request, "tools/guide.html", context, GuideSearchForm(age_bands=age_bands))
    form = GuideSearchForm(request.POST, age_bands=age_bands)
    if not form.is_valid():
        return form_page(request, "tools/guide.html", context, form)
    words = form.cleaned_data["q"].split()
    behaviours = Behaviour.objects.select_related("age_band", "category")
    if form.cleaned_data["age_band"]:
        behaviours = behaviours.filter(age_band__slug=form.cleaned_data["age_band"])
    for word in words[:8]:
        behaviours = behaviours.filter(
            Q(title__icontains=word)
            | Q(keywords__icontains=word)
            | Q(what_it_may_mean__icontains=word)
            | Q(how_to_respond__icontains=word)
        )
    ToolUse.record(Tool.SEXUAL_BEHAVIOUR_GUIDE)
    results = list(behaviours[:100])
    return form_page(request, "tools/guide.html", context | {"results": results, "searched": True}, form)


@require_GET
def guide_age_band(request, slug):
    band = get_object_or_404(AgeBand.objects.select_related("last_reviewed_by"), slug=slug)
    categories = list(
        BehaviourCategory.objects.prefetch_related(
            Prefetch("behaviours", queryset=Behaviour.objects.filter(age_band=band), to_attr="band_behaviours")
        )
    )
    ToolUse.record(Tool.SEXUAL_BEHAVIOUR_GUIDE)
    age_bands = _age_bands()
    return TemplateResponse(
        request,
        "tools/guide_age_band.html",
        _guide_context(
            band=band,
            grouped=[category for category in categories if category.band_behaviours],
            age_bands=age_bands,
            crumbs=_crumbs(("Sexual development and behaviour guide", reverse("tools:guide")), (band.label, None)),
        ),
    )


# Harm Matrix ---------------------------------------------------------------------------------------


@no_store
@require_http_methods(["GET", "POST"])
def harm_matrix(request):
    """The worksheet. ``action``: ``show`` the result page, ``pdf`` download it, ``edit`` go back to the form."""
    cells = list(HarmMatrixCell.objects.all())
    crumbs = _crumbs(("Harm Matrix worksheet", None))
    context = {"crumbs": crumbs}
    if request.method == "GET":
        return form_page(request, "tools/harm_matrix.html", context, HarmMatrixForm(cells=cells))
    form = HarmMatrixForm(request.POST, cells=cells)
    action = request.POST.get("action", "show")
    if not form.is_valid() or action == "edit":
        if action == "edit":
            form = HarmMatrixForm(initial=request.POST.dict(), cells=cells)
        return form_page(request, "tools/harm_matrix.html", context, form)
    if action != "download":
        ToolUse.record(Tool.HARM_MATRIX)
    result = {"form": form, "sections": form.answers(), "data": form.cleaned_data, "today": date.today()}
    if action in ("pdf", "download"):
        return pdf_response("tools/harm_matrix_pdf.html", result, dated_filename("harm-matrix", "pdf"))
    return TemplateResponse(request, "tools/harm_matrix_result.html", result | {"crumbs": crumbs})


# Multi-agency chronology ------------------------------------------------------------------------------


@require_GET
def chronology_template(request, extension):
    if extension not in ("xlsx", "csv"):
        raise Http404("No such template")
    if extension == "csv":
        headers, rows = chronology_module.template_csv_rows()
        return csv_response("chronology-template.csv", headers, rows)
    response = HttpResponse(chronology_module.template_xlsx(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="chronology-template.xlsx"'
    return response


def _chronology_outputs(request, result: chronology_module.Chronology, output: str, crumbs):
    if output == "xlsx":
        headers, rows = chronology_module.export_rows(result)
        return xlsx_response(dated_filename("multi-agency-chronology", "xlsx"), "Chronology", headers, rows)
    if output == "pdf":
        return pdf_response(
            "tools/chronology_pdf.html", {"chronology": result}, dated_filename("multi-agency-chronology", "pdf")
        )
    signed = signing.dumps(
        {"gap": result.gap_days, "events": [event.as_data() for event in result.events]},
        salt=CHRONOLOGY_SALT,
        compress=True,
    )
    return TemplateResponse(
        request, "tools/chronology_result.html", {"chronology": result, "signed": signed, "crumbs": crumbs}
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def chronology(request):
    """Upload every agency's file; build the merged chronology as a page, a workbook or a PDF.

    Uploads are received in memory only (``CappedMemoryUploadHandler``); the handlers must be
    swapped before the CSRF check reads the body, hence the exempt outer view and the protected
    inner one.
    """
    if request.method == "POST":
        request.upload_handlers = [CappedMemoryUploadHandler(request)]
    return _chronology(request)


@no_store
@csrf_protect
def _chronology(request):
    crumbs = _crumbs(("Multi-agency chronology builder", None))
    context = {"crumbs": crumbs, "max_files": chronology_module.MAX_FILES}
    if request.method == "GET":
        return form_page(request, "tools/chronology.html", context, ChronologyForm())
    form = ChronologyForm(request.POST, request.FILES)
    if not form.is_valid():
        return form_page(request, "tools/chronology.html", context, form)
    today = date.today()
    events = []
    reports = []
    for upload in form.cleaned_data["files"]:
        file_events, problems = chronology_module.read_agency_file(upload, filename=upload.name, today=today)
        events.extend(file_events)
        reports.append(problems)
    if any(not report.ok for report in reports):
        return TemplateResponse(
            request,
            "tools/chronology.html",
            context | {"form": form, "file_reports": reports, "page_has_errors": True},
            status=400,
        )
    ToolUse.record(Tool.CHRONOLOGY)
    result = chronology_module.build_chronology(events, gap_days=form.cleaned_data["gap_days"])
    return _chronology_outputs(request, result, request.POST.get("output", "html"), crumbs)


@no_store
@require_POST
def chronology_download(request):
    """The chronology on the page, again as a workbook or PDF, from the signed copy the page carries."""
    try:
        payload = signing.loads(
            request.POST.get("chronology", ""), salt=CHRONOLOGY_SALT, max_age=CHRONOLOGY_SIGNATURE_SECONDS
        )
        events = [chronology_module.Event.from_data(values) for values in payload["events"]]
        gap_days = int(payload["gap"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return TemplateResponse(
            request,
            "tools/chronology_expired.html",
            {"crumbs": _crumbs(("Multi-agency chronology builder", reverse("tools:chronology")), ("Download", None))},
            status=400,
        )
    result = chronology_module.build_chronology(events, gap_days=gap_days)
    output = request.POST.get("output")
    return _chronology_outputs(request, result, output if output in ("xlsx", "pdf") else "xlsx", None)


# Scaling-question summary ----------------------------------------------------------------------------


def _blank_formset(rows: int, initial=None):
    formset = ParticipantFormSet(prefix="people", initial=initial or [])
    formset.extra = max(rows - len(initial or []), 0)
    return formset


def _typed_rows(data, count: int) -> list[dict]:
    names = ("agency", "rating", "why_this_number", "up_one")
    return [{name: data.get(f"people-{index}-{name}", "") for name in names} for index in range(count)]


def _scaling_errors(form, formset) -> list[tuple[str, str]]:
    """The error summary's lines: the question first, then each person's row in order."""
    errors = []
    for field in form:
        errors.extend((message, field.auto_id) for message in field.errors)
    errors.extend((message, "people") for message in formset.non_form_errors())
    for number, row in enumerate(formset.forms, start=1):
        for field in row:
            errors.extend((f"Person {number}: {message}", field.auto_id) for message in field.errors)
    return errors


def _submitted_row_count(data) -> int:
    try:
        count = int(data.get("people-TOTAL_FORMS", SCALING_START_ROWS))
    except (TypeError, ValueError):
        count = SCALING_START_ROWS
    return max(1, min(count, SCALING_MAX_ROWS))


@no_store
@require_http_methods(["GET", "POST"])
def scaling(request):
    """``action``: ``add`` more rows, ``show`` the summary, ``pdf`` download it, ``edit`` go back to the form."""
    crumbs = _crumbs(("Scaling-question summary", None))
    context = {"crumbs": crumbs, "max_rows": SCALING_MAX_ROWS}
    if request.method == "GET":
        formset = _blank_formset(SCALING_START_ROWS)
        return form_page(request, "tools/scaling.html", context | {"formset": formset}, ScalingForm())
    action = request.POST.get("action", "show")
    if action in ("add", "edit"):
        rows = _submitted_row_count(request.POST)
        typed = [row for row in _typed_rows(request.POST, rows) if any(row.values())]
        wanted = rows + SCALING_ADD_ROWS if action == "add" else max(rows, SCALING_START_ROWS)
        formset = _blank_formset(min(max(wanted, len(typed)), SCALING_MAX_ROWS), initial=typed)
        form = ScalingForm(initial={name: request.POST.get(name, "") for name in ("question", "meeting")})
        return form_page(
            request,
            "tools/scaling.html",
            context | {"formset": formset},
            form,
        )
    form = ScalingForm(request.POST)
    formset = ParticipantFormSet(request.POST, prefix="people")
    form_ok = form.is_valid()
    formset_ok = formset.is_valid()
    if not (form_ok and formset_ok):
        errors = _scaling_errors(form, formset)
        return TemplateResponse(
            request,
            "tools/scaling.html",
            context | {"form": form, "formset": formset, "errors": errors, "page_has_errors": True},
            status=400,
        )
    ratings = [
        Rating(
            agency=row.cleaned_data["agency"],
            rating=row.cleaned_data["rating"],
            why_this_number=row.cleaned_data.get("why_this_number", ""),
            up_one=row.cleaned_data.get("up_one", ""),
        )
        for row in formset.forms
        if row.has_content()
    ]
    summary = Summary(question=form.cleaned_data["question"], ratings=ratings)
    if action != "download":
        ToolUse.record(Tool.SCALING)
    result = {"summary": summary, "meeting": form.cleaned_data["meeting"], "form": form, "formset": formset}
    if action in ("pdf", "download"):
        return pdf_response("tools/scaling_pdf.html", result, dated_filename("scaling-summary", "pdf"))
    return TemplateResponse(request, "tools/scaling_result.html", result | {"crumbs": crumbs})
