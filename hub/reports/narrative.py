"""The business unit's narrative text in the yearly report, and the figure tokens it may hold.

A narrative is plain text: a blank line starts a new paragraph. A figure token prints a figure of
the year's report, so the text and the data never disagree. A token is the section's slug and
the figure's key, joined by a full stop, inside double curly brackets::

    The partners contributed {{governance.budget.total-budget}} to the budget.

Section slugs may hold full stops themselves (``governance.budget``); the figure's key is what
follows the last one. Keys are lower-case letters, digits and hyphens (``Figure.key``, by
default the slug of the figure's label), so ordinary text never forms a token by accident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from hub.reports.templatetags.report_format import report_value

# Anything between double curly brackets is a token, so one written in the wrong form is caught too.
ANY_BRACES = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


@dataclass(frozen=True)
class AvailableFigure:
    """A figure a narrative may name: where it comes from and how the report prints it."""

    section_slug: str
    section_title: str
    label: str
    key: str
    value: str

    @property
    def token(self) -> str:
        return "{{" + f"{self.section_slug}.{self.key}" + "}}"


def available_figures(sections: Iterable) -> dict[str, AvailableFigure]:
    """Every figure of ``sections`` (``ReportSection`` objects), by its token's name (``slug.key``)."""
    found: dict[str, AvailableFigure] = {}
    for section in sections:
        for figure in section.figures:
            name = f"{section.slug}.{figure.key}"
            found.setdefault(
                name,
                AvailableFigure(
                    section_slug=section.slug,
                    section_title=section.title,
                    label=figure.label,
                    key=figure.key,
                    value=report_value(figure.value, figure.unit),
                ),
            )
    return found


def token_names(text: str) -> list[str]:
    """The names of the tokens in ``text``, in order of first use, including malformed ones."""
    names: list[str] = []
    for match in ANY_BRACES.finditer(text):
        name = match.group(1).strip()
        if name not in names:
            names.append(name)
    return names


def unknown_tokens(text: str, figures: dict[str, AvailableFigure]) -> list[str]:
    """The tokens in ``text`` that name no figure of ``figures``, written as the person wrote them."""
    return ["{{" + name + "}}" for name in token_names(text) if name not in figures]


def _paragraph(text: str, figures: dict[str, AvailableFigure], staff: bool) -> str:
    parts: list[str] = []
    position = 0
    for match in ANY_BRACES.finditer(text):
        parts.append(escape(text[position : match.start()]))
        name = match.group(1).strip()
        figure = figures.get(name)
        if figure is not None:
            parts.append(format_html('<span class="hub-report-token">{}</span>', figure.value))
        elif staff:
            parts.append(
                format_html(
                    '<strong class="hub-report-stale">[The figure {} is no longer in the report]</strong>',
                    "{{" + name + "}}",
                )
            )
        else:
            parts.append('<span class="hub-report-stale">[figure not available]</span>')
        position = match.end()
    parts.append(escape(text[position:]))
    return "<br>".join("".join(parts).split("\n"))


def render(text: str, figures: dict[str, AvailableFigure], *, staff: bool) -> SafeString:
    """``text`` as HTML paragraphs, each figure token replaced by the figure's printed value.

    A token that no longer names a figure (the data changed after the text was written) is never
    left blank: staff see a marker naming the token; readers see "[figure not available]".
    """
    normalised = text.replace("\r\n", "\n").strip()
    if not normalised:
        return SafeString("")
    paragraphs = [block.strip() for block in re.split(r"\n\s*\n", normalised) if block.strip()]
    html = "".join(f'<p class="govuk-body">{_paragraph(block, figures, staff)}</p>' for block in paragraphs)
    return mark_safe(html)  # noqa: S308  every piece of the writer's text is escaped in _paragraph


def slot_slug(slot: str) -> str:
    return slugify(slot)
