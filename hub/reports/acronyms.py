"""Abbreviations in the yearly report: written out in full the first time they are used.

The business unit keeps the list (``Acronym``, in the back office). ``expand`` parses the rendered
report's HTML once (lxml), walks its text in document order and changes only text: the first use
of each listed abbreviation in running text becomes "Child Death Overview Panel (CDOP)", unless
the words written out already stand right before it, and every use is wrapped in
``<abbr title="...">``. A use already in brackets after other words ("Clinical Commissioning
Groups (ICB)") is not written out, to keep brackets out of brackets: the next use is.

Attributes, comments and the text of the contents (``<nav>``), headings, scripts, styles, charts
(``<svg>``), code, form controls and existing ``<abbr>`` are left alone: headings keep the short
form, and the first use in the text after them is the one written out. Matching is by whole word,
capitals and all: "NHS" is not found in "NHSE", nor in a reference joined by hyphens such as
"CDOP-2021-001".

The report's templates wrap the body in ``{% acronyms %}`` (``report_acronyms`` template tags),
so the web page, the stand-alone HTML and the PDF made from it agree. HTML with none of the
abbreviations in it is returned as it came, without being parsed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import lxml.html

# Elements whose text is never changed (and the text of everything inside them).
UNTOUCHED = frozenset(
    {
        "head",
        "title",
        "script",
        "style",
        "template",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "svg",
        "math",
        "abbr",
        "code",
        "pre",
        "textarea",
        "select",
        "option",
        "button",
    }
)
# How much of the text just before an abbreviation is searched for its words written out, so that
# "<strong>Child Death Overview Panel</strong> (CDOP)" or a table row "Child Death Overview Panel |
# CDOP" is not written out twice.
LOOK_BEHIND = 300


def load() -> dict[str, str]:
    """The business unit's list, abbreviation to words written out: one query."""
    from hub.reports.models import Acronym

    return dict(Acronym.objects.values_list("abbreviation", "expansion"))


def pattern_for(table: Mapping[str, str]) -> re.Pattern:
    """Any of the abbreviations as a whole word: not inside a longer word or a hyphenated reference."""
    words = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(word) for word in words) + r")(?![\w-])")


class _Expander:
    """Rewrites the text of a parsed document or fragment in place, in document order."""

    def __init__(self, table: Mapping[str, str], pattern: re.Pattern):
        self.table = table
        self.pattern = pattern
        self.written_out = {
            word: re.compile(re.escape(expansion) + r"\s*\(?\s*$", re.IGNORECASE) for word, expansion in table.items()
        }
        self.seen: set[str] = set()
        self.recent = ""

    def walk(self, element, untouched: bool = False) -> None:
        # Comments and processing instructions have a function for a tag; their text is not text.
        inside = untouched or not isinstance(element.tag, str) or element.tag in UNTOUCHED
        if element.text and not inside:
            lead, abbrs = self._rewrite(element.text)
            element.text = lead
            for position, abbr in enumerate(abbrs):
                element.insert(position, abbr)
        for child in list(element):
            self.walk(child, inside)
            if child.tail and not inside:
                lead, abbrs = self._rewrite(child.tail)
                child.tail = lead
                after = element.index(child) + 1 if abbrs else 0
                for offset, abbr in enumerate(abbrs):
                    element.insert(after + offset, abbr)

    def _abbr(self, word: str, tail: str):
        abbr = lxml.html.Element("abbr", title=self.table[word])
        abbr.text = word
        abbr.tail = tail
        return abbr

    def _rewrite(self, text: str) -> tuple[str, list]:
        """The text up to the first abbreviation, and an ``<abbr>`` for each use with the text after
        it as its tail."""
        uses: list[tuple[str, str]] = []  # (the text before the use, the abbreviation)
        position, closing = 0, ""
        for match in self.pattern.finditer(text):
            word = match.group(1)
            before, closing = closing + text[position : match.start()], ""
            if word not in self.seen:
                context = (self.recent + text[: match.start()])[-LOOK_BEHIND:]
                if self.written_out[word].search(context):
                    self.seen.add(word)
                elif not (context.endswith("(") and text[match.end() : match.end() + 1] == ")"):
                    # A use already in brackets after other words ("Clinical Commissioning Groups
                    # (ICB)") is not written out, to keep brackets out of brackets: the next use is.
                    self.seen.add(word)
                    before, closing = f"{before}{self.table[word]} (", ")"
            uses.append((before, word))
            position = match.end()
        self.recent = (self.recent + text)[-LOOK_BEHIND:]
        if not uses:
            return text, []
        tails = [before for before, _ in uses[1:]] + [closing + text[position:]]
        return uses[0][0], [self._abbr(word, tail) for (_, word), tail in zip(uses, tails, strict=True)]


def expand(html: str, table: Mapping[str, str] | None = None) -> str:
    """``html`` (a whole document or part of one) with its abbreviations marked and the first use of
    each written out. ``table`` maps abbreviations to their words; it defaults to the business
    unit's list."""
    table = load() if table is None else table
    if not table or not html:
        return html
    pattern = pattern_for(table)
    if not pattern.search(html):
        return html
    expander = _Expander(table, pattern)
    if html.lstrip()[:9].lower() in ("<!doctype", "<html>") or html.lstrip()[:6].lower() == "<html ":
        document = lxml.html.document_fromstring(html)
        expander.walk(document)
        return "<!DOCTYPE html>\n" + lxml.html.tostring(document, encoding=str)
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    expander.walk(wrapper)
    lead = lxml.html.tostring(wrapper, encoding=str)
    # The wrapper's own tags are dropped: what is left is the fragment as it was given, rewritten.
    return lead[len("<div>") : -len("</div>")]
