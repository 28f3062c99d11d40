"""Every Django form in the Hub renders through the GOV.UK templates in ``templates/forms/govuk``.

The bound field adds the GOV.UK classes and ``aria-describedby`` wiring to widgets, so a form
needs no layout code and the markup for each kind of field exists once.
"""

from __future__ import annotations

from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

_INPUT_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "password": "govuk-input",
    "number": "govuk-input",
    "url": "govuk-input",
    "date": "govuk-input",
    "datetime": "govuk-input",
    "time": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "selectmultiple": "govuk-select",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
}
# Widgets grouped in a fieldset with a legend rather than a label.
FIELDSET_TYPES = {"radioselect", "checkboxselectmultiple", "govukdate"}


class GovukBoundField(BoundField):
    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def is_fieldset(self) -> bool:
        return self.widget_type in FIELDSET_TYPES

    @property
    def anchor_id(self) -> str:
        """The id the error summary links to: the first input of the field."""
        if self.widget_type in {"radioselect", "checkboxselectmultiple"}:
            return f"{self.auto_id}_0"
        if self.widget_type == "govukdate":
            return f"{self.auto_id}_day"
        return self.auto_id

    @property
    def describedby(self) -> str:
        ids = []
        if self.help_text:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        css = _INPUT_CLASSES.get(self.widget_type)
        if css:
            widget = widget or self.field.widget
            # Extra attrs replace the widget's own, so keep its classes (width modifiers...).
            classes = [css, widget.attrs.get("class", ""), attrs.get("class", "")]
            if self.errors:
                classes.append(f"{css}--error")
            attrs["class"] = " ".join(dict.fromkeys(" ".join(classes).split()))
        attrs.pop("aria-describedby", None)
        if self.describedby and not self.is_fieldset:
            attrs["aria-describedby"] = self.describedby
        if self.errors and not self.is_fieldset:
            attrs["aria-invalid"] = "true"
        return attrs

    @property
    def date_parts(self) -> list[dict]:
        """Day, month and year inputs of a ``GovukDateField`` with their current values."""
        value = self.value()
        if not isinstance(value, (list, tuple)):
            value = self.field.widget.decompress(value)
        parts = []
        for index, (suffix, label, width) in enumerate((("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))):
            parts.append(
                {
                    "name": f"{self.html_name}_{suffix}",
                    "id": f"{self.auto_id}_{suffix}",
                    "label": label,
                    "width": width,
                    "value": "" if value[index] in (None, "") else value[index],
                }
            )
        return parts


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk/form.html"
    field_template_name = "forms/govuk/field.html"
    bound_field_class = GovukBoundField
