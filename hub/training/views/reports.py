"""Training reports for the business unit: uptake, fill, attendance, evaluation, impact and demand.

One page per financial year (``?year=2024-25``); every table downloads as Excel or CSV through
``hub.core.exports`` (formula-safe). The figures come from ``hub.training.reports``, the same
as the training part of the yearly report.
"""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from hub.core.audit import log_action, register_event
from hub.core.exports import csv_response, xlsx_response
from hub.core.periods import FinancialYear, current_financial_year
from hub.core.permissions import business_unit_required
from hub.training import reports as figures
from hub.training.charges import report_years

register_event("training.report.exported", "Training report table exported")


class ReportYearForm(forms.Form):
    year = forms.ChoiceField(
        label="Financial year", required=False, error_messages={"invalid_choice": "Select a year from the list"}
    )

    def __init__(self, *args, years: list[FinancialYear], current: FinancialYear, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        self.fields["year"].choices = [(year.slug, year.label) for year in years]
        self.fields["year"].initial = current.slug

    def selected_year(self) -> FinancialYear:
        """The year chosen, or the current year when none (or an unknown one) was chosen."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("year"):
            return FinancialYear.parse(self.cleaned_data["year"], self.current.start_month)
        return self.current


def _year_form(request) -> tuple[ReportYearForm, FinancialYear]:
    current = current_financial_year()
    form = ReportYearForm(request.GET or None, years=report_years(), current=current)
    return form, form.selected_year()


@business_unit_required
@require_GET
def reports(request):
    form, year = _year_form(request)
    return render(
        request,
        "training/reports/reports.html",
        {
            "form": form,
            "year": year,
            "sections": figures.build(year),
            "crumbs": [("Your account", reverse("core:account")), ("Training reports", None)],
        },
    )


@business_unit_required
@require_GET
def report_export(request, table: str, fmt: str):
    """One table of the year's report as a spreadsheet (``fmt`` is ``csv`` or ``xlsx``)."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404("Unknown format")
    _form, year = _year_form(request)
    found = next((t for section in figures.build(year) for t in section.tables if t.slug == table), None)
    if found is None:
        raise Http404("Unknown table")
    log_action(
        "training.report.exported",
        request=request,
        data={"table": table, "format": fmt, "year": year.slug, "rows": len(found.rows)},
    )
    name = f"training-{table}-{year.slug}"
    if fmt == "csv":
        return csv_response(f"{name}.csv", found.headers, found.rows)
    return xlsx_response(f"{name}.xlsx", found.caption, found.headers, found.rows)
