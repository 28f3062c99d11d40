from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year as three inputs, as the GOV.UK date input pattern asks."""

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered in three boxes, with GOV.UK error messages naming what is wrong."""

    widget = GovukDateWidget

    def __init__(self, *, label_for_errors: str = "the date", **kwargs):
        self.label_for_errors = label_for_errors
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        value = list(value or [None, None, None])
        day, month, year = (str(part).strip() if part not in (None, "") else "" for part in value)
        name = self.label_for_errors
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter {name}", code="required")
            return None
        missing = [part for part, text in (("day", day), ("month", month), ("year", year)) if not text]
        if missing:
            raise ValidationError(
                f"{name[0].upper()}{name[1:]} must include a {' and '.join(missing)}", code="incomplete"
            )
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(
                f"{name[0].upper()}{name[1:]} must be a real date, written in numbers", code="invalid"
            )
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            result = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{name[0].upper()}{name[1:]} must be a real date", code="invalid") from None
        self.run_validators(result)
        return result

    def compress(self, data_list):  # pragma: no cover - clean() is overridden
        return data_list
