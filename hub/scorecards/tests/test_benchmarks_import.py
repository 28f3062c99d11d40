"""Importing benchmark values: every row checked first, all or nothing, idempotent, CSV or XLSX."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from hub.core.models import AuditEntry
from hub.scorecards.benchmarks import RowProblem, UnreadableFile, import_benchmarks, read_rows
from hub.scorecards.models import Benchmark
from hub.scorecards.tests.factories import make_indicator
from hub.testing import make_agency

pytestmark = pytest.mark.django_db

CSV = """code,year,source,value
CSC-03,2021-22,England,22.7
CSC-03,2021/22,North East,24.1

csc-03,2021-22,neighbours,"1,023.5"
"""


@pytest.fixture
def indicator():
    return make_indicator("CSC-03", make_agency(), unit="percentage")


def row(code="CSC-03", year="2021-22", source="England", value="22.7"):
    return {"code": code, "year": year, "source": source, "value": value}


def stored() -> list[tuple]:
    return [(b.indicator.code, b.year, b.source, b.value) for b in Benchmark.objects.select_related("indicator")]


def test_valid_rows_are_created_whatever_spelling_of_year_and_source(indicator):
    result = import_benchmarks(
        [row(), row(year="2021/22", source="north east", value="24.1"), row(source="Statistical neighbours")]
    )

    assert (result.ok, result.created, result.updated, result.unchanged) == (True, 3, 0, 0)
    assert stored() == [
        ("CSC-03", 2021, "england", Decimal("22.70")),
        ("CSC-03", 2021, "neighbours", Decimal("22.70")),
        ("CSC-03", 2021, "region", Decimal("24.10")),
    ]
    entry = AuditEntry.objects.get(action="scorecards.benchmarks.imported")
    assert entry.data == {"created": 3, "updated": 0, "unchanged": 0}


def test_importing_the_same_rows_again_changes_nothing(indicator):
    import_benchmarks([row(), row(source="region")])
    history = Benchmark.history.count()

    result = import_benchmarks([row(), row(source="region")])

    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert Benchmark.history.count() == history
    assert AuditEntry.objects.filter(action="scorecards.benchmarks.imported").count() == 1


def test_a_changed_value_updates_the_benchmark(indicator):
    import_benchmarks([row(), row(source="region")])

    result = import_benchmarks([row(value="23"), row(source="region")])

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Benchmark.objects.get(source="england").value == Decimal("23.00")


def test_every_problem_is_reported_with_its_row_and_nothing_is_saved(indicator):
    rows = [
        row(),
        row(code="XX-99"),
        row(year="2021-23"),
        row(year="last year"),
        row(source="Wales"),
        row(value="about 20"),
        row(value="22.755"),
        row(source="england"),
        row(code="", source=""),
    ]

    result = import_benchmarks(rows)

    assert not result.ok
    assert result.problems == [
        RowProblem(3, "there is no indicator with the code 'XX-99'"),
        RowProblem(4, "'2021-23' is not a year: the second part must follow the first (like 2021-22)"),
        RowProblem(5, "Enter a year like 2021-22, not 'last year'"),
        RowProblem(6, "the source must be England, North East or Statistical neighbours, not 'Wales'"),
        RowProblem(7, "the value must be a number, like 22.7, not 'about 20'"),
        RowProblem(8, "the value 22.755 has more than 2 decimal places"),
        RowProblem(9, "CSC-03 2021/22 England is already on row 2; enter each value once"),
        RowProblem(10, "enter the indicator's code"),
        RowProblem(10, "enter the source: England, North East or Statistical neighbours"),
    ]
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert Benchmark.objects.count() == 0


def test_one_bad_row_stops_updates_to_stored_benchmarks_too(indicator):
    import_benchmarks([row()])

    result = import_benchmarks([row(value="30"), row(source="region", value="n/a")])

    assert [problem.row for problem in result.problems] == [3]
    assert Benchmark.objects.get().value == Decimal("22.70")


def test_a_file_without_the_columns_is_refused_naming_them(indicator):
    result = import_benchmarks([{"code": "CSC-03", "year": "2021-22", "amount": "3"}])

    assert result.problems == [RowProblem(1, "the heading row must have the columns source, value")]


def test_csv_rows_keep_their_file_row_numbers_across_blank_lines(indicator, tmp_path):
    path = tmp_path / "benchmarks.csv"
    path.write_text("\ufeff" + CSV.replace("csc-03,2021-22,neighbours", "csc-03,2021-22,Scotland"), encoding="utf-8")

    result = import_benchmarks(read_rows(path))

    assert [str(problem) for problem in result.problems] == [
        "Row 5: the source must be England, North East or Statistical neighbours, not 'Scotland'"
    ]


def test_an_xlsx_file_is_read_like_a_csv(indicator, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Code", "Year", "Source", "Value"])
    sheet.append(["CSC-03", "2021-22", "England", 22.7])
    sheet.append(["CSC-03", "2022/23", "region", 25])
    path = tmp_path / "benchmarks.xlsx"
    workbook.save(path)

    result = import_benchmarks(read_rows(path))

    assert result.created == 2
    assert stored() == [("CSC-03", 2021, "england", Decimal("22.70")), ("CSC-03", 2022, "region", Decimal("25.00"))]


def test_other_kinds_of_file_are_refused(tmp_path):
    path = tmp_path / "benchmarks.ods"
    path.write_bytes(b"not a spreadsheet")

    with pytest.raises(UnreadableFile, match="benchmarks.ods is not a .csv or .xlsx file"):
        read_rows(path)


# The command -------------------------------------------------------------------------------------


def test_the_command_imports_a_file_and_prints_the_counts(indicator, tmp_path):
    path = tmp_path / "benchmarks.csv"
    path.write_text(CSV, encoding="utf-8")
    out = StringIO()

    call_command("import_benchmarks", str(path), stdout=out)
    call_command("import_benchmarks", str(path), stdout=out)

    assert out.getvalue().splitlines() == [
        "Benchmarks imported: 3 created, 0 updated, 0 unchanged.",
        "Benchmarks imported: 0 created, 0 updated, 3 unchanged.",
    ]
    assert Benchmark.objects.get(source="neighbours").value == Decimal("1023.50")


def test_the_command_lists_the_problems_and_imports_nothing(indicator, tmp_path):
    path = tmp_path / "benchmarks.csv"
    path.write_text(CSV.replace("24.1", "high").replace("2021/22", "2021"), encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: correct the 2 problems above."):
        call_command("import_benchmarks", str(path), stderr=err)

    assert err.getvalue().splitlines() == [
        "Row 3: Enter a year like 2021-22, not '2021'",
        "Row 3: the value must be a number, like 22.7, not 'high'",
    ]
    assert Benchmark.objects.count() == 0


def test_the_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="missing.csv cannot be read"):
        call_command("import_benchmarks", str(tmp_path / "missing.csv"))
