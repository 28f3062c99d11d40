"""Formatting in GOV.UK style, where Django's locale formats differ from it."""

from datetime import datetime, time
from decimal import Decimal

from django.utils import timezone


def govuk_time(value: datetime | time | None) -> str:
    """``10am``, ``2:30pm``, ``midday``, ``midnight``: the GOV.UK style guide's times."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.time()
    if value.hour == 12 and value.minute == 0:
        return "midday"
    if value.hour == 0 and value.minute == 0:
        return "midnight"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


def hours_in_words(hours: Decimal) -> str:
    """``3 hours``, ``6.5 hours``, ``1.25 hours``, ``1 hour``."""
    number = hours.normalize()
    text = f"{number:f}"
    return f"{text} hour" if number == 1 else f"{text} hours"
