"""Template filters for GOV.UK-style formatting (available in every template)."""

from django import template

from hub.core.formatting import govuk_time

register = template.Library()
register.filter("govuk_time", govuk_time)
