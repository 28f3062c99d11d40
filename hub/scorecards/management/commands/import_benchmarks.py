"""Import benchmark values (England, region, statistical neighbours) from a CSV or XLSX file."""

from django.core.management.base import BaseCommand, CommandError

from hub.scorecards.benchmarks import UnreadableFile, import_benchmarks, read_rows


class Command(BaseCommand):
    help = (
        "Import benchmark values from a CSV or XLSX file with the columns code, year (2021-22), "
        "source (England, North East or Statistical neighbours) and value. Every row is checked "
        "first; if any has a problem nothing is saved. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .csv or .xlsx file.")

    def handle(self, *args, path, **options):
        try:
            rows = read_rows(path)
        except UnreadableFile as error:
            raise CommandError(str(error)) from None
        result = import_benchmarks(rows)
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            count = len(result.problems)
            raise CommandError(f"Nothing was imported: correct the {count} problem{'s' if count != 1 else ''} above.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Benchmarks imported: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged."
            )
        )
