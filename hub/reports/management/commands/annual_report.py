"""Write the yearly report for a financial year as HTML and tagged PDF files.

python manage.py annual_report 2021-22 --html report.html --pdf report.pdf
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hub.reports import reporting


class Command(BaseCommand):
    help = "Write the partnership's yearly report for a year (like 2021-22) as HTML and tagged PDF."

    def add_arguments(self, parser):
        parser.add_argument("year", help="The financial year, like 2021-22.")
        parser.add_argument("--html", type=Path, help="Where to write the HTML report.")
        parser.add_argument("--pdf", type=Path, help="Where to write the PDF report.")

    def handle(self, *args, year, html, pdf, **options):
        if not html and not pdf:
            raise CommandError("Give --html FILE, --pdf FILE or both")
        try:
            financial_year = reporting.parse_year(year)
        except ValueError as error:
            raise CommandError(str(error)) from error
        report = reporting.build_report(financial_year)
        for failure in report.failures:
            self.stderr.write(
                f"The {failure.app_label} section could not be produced and is left out (see the log for the error)."
            )
        document = reporting.render_document(report)
        if html:
            html.write_text(document, encoding="utf-8")
            self.stdout.write(f"Wrote the {financial_year.label} report as HTML to {html}")
        if pdf:
            pdf.write_bytes(reporting.render_pdf(report, document))
            self.stdout.write(f"Wrote the {financial_year.label} report as PDF to {pdf}")
