"""The yearly report pages. Until sign-off and publication arrive, only people who read across the
partnership (business unit, executive, independent scrutineer) see them; everyone else gets 404."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from hub.core.periods import FinancialYear
from hub.core.permissions import can_read_across_partnership, role_required
from hub.reports import reporting

readers_required = role_required(can_read_across_partnership, "yearly report")


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
