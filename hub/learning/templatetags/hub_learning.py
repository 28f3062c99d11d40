"""Template helpers for the learning pages."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def grade_tag(grades: dict, code: str):
    """A GOV.UK tag in the grade's colour; ``grades`` maps codes to ``Grade`` rows."""
    grade = (grades or {}).get(code)
    if grade is None:
        return format_html('<span class="govuk-hint govuk-!-display-inline">{}</span>', code or "Not graded")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', grade.colour, grade.label)


@register.filter
def grade_label(code: str, grades: dict) -> str:
    grade = (grades or {}).get(code)
    return grade.label if grade else (code or "Not graded")
