"""Small helpers the apps' form pages share."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from hub.core.errors import DomainError


def form_page(request, template: str, context: dict, form) -> TemplateResponse:
    """Render a form page; a form with errors answers 400, so tests and monitoring see the refusal."""
    return TemplateResponse(request, template, context | {"form": form}, status=400 if form.errors else 200)


def show_refusal(request, error: DomainError, form, back):
    """Put a service's refusal on the field it names; a refusal of the whole step goes back to
    ``back`` with the message. Returns the redirect, or None to show the form again."""
    if error.field is None:
        messages.error(request, error.message)
        return redirect(back)
    error.add_to_form(form)
    return None


def raise_action_page(request, form, raise_action, *, back, template: str, context: dict):
    """The page that raises a tracker action from a record (a finding, a review, a report).

    ``form`` is an ``ActionForm`` (or a subclass); ``raise_action(**fields)`` calls the record's
    own service with the action's fields (``ActionForm.action_fields``) and returns the action.
    A service refusal is shown on its field, or as a message back at ``back``.
    """
    if request.method == "POST" and form.is_valid():
        try:
            action = raise_action(**form.action_fields())
        except DomainError as error:
            if (response := show_refusal(request, error, form, back)) is not None:
                return response
        else:
            messages.success(request, f"Action {action.reference} raised on the action tracker.")
            return redirect(back)
    return form_page(request, template, context, form)
