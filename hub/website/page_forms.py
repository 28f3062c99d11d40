"""Forms of the website's own page types (the What's New filter). Layout comes from the GOV.UK form templates."""

from __future__ import annotations

from django import forms

from hub.core.models import Theme


class NewsFilterForm(forms.Form):
    """What's New filtered by practice theme, sent with GET so the address keeps the choice."""

    theme = forms.ModelChoiceField(
        label="Practice theme",
        required=False,
        queryset=Theme.objects.none(),
        to_field_name="slug",
        empty_label="All themes",
    )

    IGNORED_MESSAGE = "We ignored the practice theme in the address because no What's New item is about it"

    def __init__(self, *args, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        if themes is not None:
            self.fields["theme"].queryset = themes
