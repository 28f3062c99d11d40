"""Completed child death reviews in a documented structured format, for the national database.

``records(deaths)`` gives one dictionary per reviewed death, as described by the JSON Schema in
``hub/reviews/schemas/child-death-review.schema.json`` (and docs/operations/child-death-export.md);
``as_json`` and ``as_csv`` write them; ``archive`` puts both in a zip encrypted with AES-256 under
the password the exporter chose, which is the only form in which an export leaves the Hub.
"""

from __future__ import annotations

import csv
import io
import json

import pyzipper

from hub.reviews.models import ChildDeath, Factor

SCHEMA_VERSION = "1.0"
MIN_PASSWORD_LENGTH = 12
CSV_COLUMNS = (
    "reference",
    "nhs_number",
    "age_at_death_days",
    "sex",
    "ethnicity",
    "date_of_death",
    "place_of_death",
    "unexpected",
    "joint_agency_response",
    "notified_on",
    "child_death_review_meeting_on",
    "panel_on",
    "category_code",
    "category_version",
    "modifiable_factors",
    "factors",
    "learning",
)


def reviewed(queryset=None):
    queryset = ChildDeath.objects.all() if queryset is None else queryset
    return (
        queryset.filter(status=ChildDeath.Status.REVIEWED, analysis__isnull=False)
        .select_related("analysis__category")
        .prefetch_related("analysis__factors")
        .order_by("died_on", "reference")
    )


def record(death: ChildDeath) -> dict:
    analysis = death.analysis
    return {
        "schema_version": SCHEMA_VERSION,
        "reference": death.reference,
        "nhs_number": death.nhs_number() or None,
        "age_at_death_days": death.age_days,
        "sex": death.sex,
        "ethnicity": death.ethnicity,
        "date_of_death": death.died_on.isoformat(),
        "place_of_death": death.place,
        "unexpected": death.unexpected,
        "joint_agency_response": death.joint_agency_response,
        "notified_on": death.notified_on.isoformat(),
        "child_death_review_meeting_on": death.cdrm_on.isoformat() if death.cdrm_on else None,
        "panel_on": analysis.analysed_on.isoformat(),
        "category": {"code": analysis.category.code, "version": analysis.category.version},
        "modifiable_factors": analysis.modifiable,
        "factors": [
            {"domain": factor.domain, "grade": factor.grade, "description": factor.description}
            for factor in analysis.factors.all()
        ],
        "learning": analysis.learning,
    }


def records(deaths) -> list[dict]:
    return [record(death) for death in deaths]


def as_json(rows: list[dict]) -> bytes:
    return json.dumps({"schema_version": SCHEMA_VERSION, "reviews": rows}, indent=2, ensure_ascii=False).encode()


def _factor_text(factors: list[dict]) -> str:
    labels = dict(Factor.Domain.choices)
    return "; ".join(f"{labels[f['domain']]} ({f['grade']}): {f['description']}" for f in factors)


def as_csv(rows: list[dict]) -> bytes:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        flat = row | {
            "category_code": row["category"]["code"],
            "category_version": row["category"]["version"],
            "factors": _factor_text(row["factors"]),
        }
        writer.writerow([_cell(flat[column]) for column in CSV_COLUMNS])
    return output.getvalue().encode("utf-8-sig")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    # A spreadsheet would run text starting with these as a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def archive(rows: list[dict], password: str, *, name: str) -> bytes:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters")
    buffer = io.BytesIO()
    with pyzipper.AESZipFile(buffer, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES) as zipped:
        zipped.setpassword(password.encode())
        zipped.setencryption(pyzipper.WZ_AES, nbits=256)
        zipped.writestr(f"{name}.json", as_json(rows))
        zipped.writestr(f"{name}.csv", as_csv(rows))
    return buffer.getvalue()
