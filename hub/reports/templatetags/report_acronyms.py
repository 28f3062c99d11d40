"""``{% acronyms %}...{% endacronyms %}``: the yearly report's abbreviations, written out on first use
(see ``hub.reports.acronyms``)."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from hub.reports import acronyms

register = template.Library()


class AcronymsNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        # The body was escaped as it was rendered; ``expand`` escapes every text it writes.
        return mark_safe(acronyms.expand(self.nodelist.render(context)))  # noqa: S308


@register.tag("acronyms")
def do_acronyms(parser, token):
    nodelist = parser.parse(("endacronyms",))
    parser.delete_first_token()
    return AcronymsNode(nodelist)
