"""Pages for independent scrutiny (under /learning/scrutiny/).

Who sees what:

- the independent scrutineer and the business unit keep the challenge log and write reviews,
  the scrutiny plan and the scrutineer's statement;
- executives and members of the groups that receive the learning work read the plan, the
  reviews, the challenge log and the statements;
- a single point of contact (SPOC) sees the challenges addressed to their agency and records its
  response.

Everything else is answered with 404 (``refuse``).
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from hub.core.errors import DomainError
from hub.core.history import history_for
from hub.core.periods import FinancialYear
from hub.core.permissions import refuse
from hub.core.views.forms import form_page, raise_action_page, show_refusal
from hub.learning import access
from hub.learning.scrutiny import services
from hub.learning.scrutiny.forms import (
    ChallengeForm,
    CloseForm,
    PlanItemForm,
    ResponseForm,
    ReviewActionForm,
    ReviewForm,
    StatementForm,
)
from hub.learning.scrutiny.models import Challenge, ScrutinyPlanItem, ScrutinyReview, ScrutinyStatement

# Open challenges first, then those waiting for the scrutineer's view of the response, then closed ones.
_STATUS_ORDER = Case(
    *(When(status=status, then=Value(position)) for position, status in enumerate(Challenge.Status.values)),
    output_field=IntegerField(),
)


# Who may see what ----------------------------------------------------------------------------------


def _visible_challenges(user):
    if access.reads_learning(user):
        return Challenge.objects.all()
    agencies = access.spoc_agencies(user)
    if agencies:
        return Challenge.objects.filter(to_agency__in=agencies)
    return Challenge.objects.none()


def _get_challenge_for_user(request, uuid) -> Challenge:
    challenge = (
        _visible_challenges(request.user)
        .select_related("to_agency", "raised_by", "responded_by", "closed_by", "review")
        .filter(uuid=uuid)
        .first()
    )
    if challenge is None:
        raise refuse(request, "scrutiny challenge")
    return challenge


def _require_reader(request, what: str) -> None:
    if not access.reads_learning(request.user):
        raise refuse(request, what)


def _require_keeper(request, what: str) -> None:
    if not services.keeps_scrutiny(request.user):
        raise refuse(request, what)


def _get_review(request, uuid) -> ScrutinyReview:
    _require_reader(request, "scrutiny review")
    review = ScrutinyReview.objects.filter(uuid=uuid).first()
    if review is None:
        raise refuse(request, "scrutiny review")
    return review


def _year_from_slug(request, slug: str) -> FinancialYear:
    try:
        return FinancialYear.parse(slug)
    except ValueError:
        raise refuse(request, "scrutiny statement") from None


def _crumbs(*extra):
    return [
        ("Home", "/"),
        ("Learning", reverse("learning:home")),
        ("Independent scrutiny", reverse("learning:scrutiny")),
        *extra,
    ]


def _log_crumbs(*extra):
    return _crumbs(("Challenge log", reverse("learning:scrutiny-challenges")), *extra)


# The overview ------------------------------------------------------------------------------------------


@login_required
def overview(request):
    _require_reader(request, "independent scrutiny")
    plan: OrderedDict = OrderedDict()
    for item in ScrutinyPlanItem.objects.select_related("review").order_by("-year", "planned_start", "topic"):
        plan.setdefault(item.financial_year.label, []).append(item)
    counts = dict.fromkeys(Challenge.Status.values, 0)
    for status in Challenge.objects.values_list("status", flat=True):
        counts[status] += 1
    return TemplateResponse(
        request,
        "learning/scrutiny/overview.html",
        {
            "plan": plan,
            "reviews": list(ScrutinyReview.objects.order_by("-year", "title")),
            "statements": list(ScrutinyStatement.objects.order_by("-year")),
            "counts": counts,
            "keeper": services.keeps_scrutiny(request.user),
            "this_year": FinancialYear.containing(timezone.localdate()).previous(),
            "crumbs": _crumbs()[:-1] + [("Independent scrutiny", None)],
        },
    )


# The challenge log -----------------------------------------------------------------------------------------


@login_required
def challenge_list(request):
    user = request.user
    reader = access.reads_learning(user)
    if not (reader or access.spoc_agencies(user)):
        raise refuse(request, "challenge log")
    status = request.GET.get("status", "")
    challenges = _visible_challenges(user).select_related("to_agency").order_by(_STATUS_ORDER, "-raised_on", "-id")
    if status in Challenge.Status.values:
        challenges = challenges.filter(status=status)
    else:
        status = ""
    return TemplateResponse(
        request,
        "learning/scrutiny/challenges.html",
        {
            "challenges": list(challenges),
            "status": status,
            "statuses": Challenge.Status.choices,
            "keeper": services.keeps_scrutiny(user),
            "reader": reader,
            "crumbs": (_crumbs() if reader else _crumbs()[:-1]) + [("Challenge log", None)],
        },
    )


def _challenge_fields(data) -> dict:
    return {
        "summary": data["summary"],
        "text": data["challenge"],
        "to_agency": data["to_agency"],
        "to_group": data["to_group"],
        "raised_on": data["raised_on"],
        "review": data["review"],
    }


@login_required
def challenge_new(request):
    _require_keeper(request, "raise challenge")
    form = ChallengeForm(
        request.POST if request.method == "POST" else None, initial={"raised_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.raise_challenge(
                actor=request.user, request=request, **_challenge_fields(form.cleaned_data)
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Challenge added to the log.")
            return redirect(challenge)
    context = {
        "heading": "Raise a challenge",
        "button": "Add to the challenge log",
        "crumbs": _log_crumbs(("Raise a challenge", None)),
    }
    return form_page(
        request, "learning/scrutiny/form.html", context | {"back": reverse("learning:scrutiny-challenges")}, form
    )


@login_required
def challenge_detail(request, uuid):
    challenge = _get_challenge_for_user(request, uuid)
    user = request.user
    keeper = services.keeps_scrutiny(user)
    is_open = challenge.status != Challenge.Status.CLOSED
    reader = access.reads_learning(user)
    return TemplateResponse(
        request,
        "learning/scrutiny/challenge.html",
        {
            "challenge": challenge,
            "can_change": keeper and is_open,
            "can_respond": is_open and (keeper or services.is_spoc_for(user, challenge.to_agency)),
            "can_close": keeper and challenge.status == Challenge.Status.RESPONDED,
            "history": history_for(challenge),
            "crumbs": (
                _log_crumbs() if reader else [("Home", "/"), ("Challenge log", reverse("learning:scrutiny-challenges"))]
            )
            + [(challenge.summary, None)],
        },
    )


def _unless_closed(request, challenge):
    if challenge.status == Challenge.Status.CLOSED:
        messages.info(request, "This challenge is closed, so it cannot be changed.")
        return redirect(challenge)
    return None


@login_required
def challenge_edit(request, uuid):
    _require_keeper(request, "change challenge")
    challenge = _get_challenge_for_user(request, uuid)
    if (closed := _unless_closed(request, challenge)) is not None:
        return closed
    initial = {
        "summary": challenge.summary,
        "challenge": challenge.challenge,
        "to_agency": challenge.to_agency.short_code if challenge.to_agency_id else None,
        "to_group": challenge.to_group,
        "raised_on": challenge.raised_on,
        "review": challenge.review.uuid if challenge.review_id else None,
    }
    form = ChallengeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_challenge(
                actor=request.user, challenge=challenge, request=request, **_challenge_fields(form.cleaned_data)
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, challenge)) is not None:
                return response
        else:
            messages.success(request, "Challenge saved.")
            return redirect(challenge)
    context = {
        "heading": "Change the challenge",
        "button": "Save the challenge",
        "back": challenge.get_absolute_url(),
        "crumbs": _log_crumbs((challenge.summary, challenge.get_absolute_url()), ("Change", None)),
    }
    return form_page(request, "learning/scrutiny/form.html", context, form)


@login_required
def challenge_respond(request, uuid):
    challenge = _get_challenge_for_user(request, uuid)
    if not (services.keeps_scrutiny(request.user) or services.is_spoc_for(request.user, challenge.to_agency)):
        raise refuse(request, "respond to challenge")
    if (closed := _unless_closed(request, challenge)) is not None:
        return closed
    initial = {"response": challenge.response, "responded_on": challenge.responded_on or timezone.localdate()}
    form = ResponseForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.respond_to_challenge(
                actor=request.user,
                challenge=challenge,
                response=form.cleaned_data["response"],
                responded_on=form.cleaned_data["responded_on"],
                request=request,
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, challenge)) is not None:
                return response
        else:
            messages.success(request, "Response recorded. The independent scrutineer has been told.")
            return redirect(challenge)
    context = {
        "challenge": challenge,
        "heading": "Record the response",
        "button": "Save the response",
        "back": challenge.get_absolute_url(),
        "crumbs": _log_crumbs((challenge.summary, challenge.get_absolute_url()), ("Respond", None)),
    }
    return form_page(request, "learning/scrutiny/form.html", context, form)


@login_required
def challenge_close(request, uuid):
    _require_keeper(request, "close challenge")
    challenge = _get_challenge_for_user(request, uuid)
    if (closed := _unless_closed(request, challenge)) is not None:
        return closed
    form = CloseForm(request.POST if request.method == "POST" else None, initial={"closed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.close_challenge(
                actor=request.user,
                challenge=challenge,
                evidence=form.cleaned_data["evidence"],
                closed_on=form.cleaned_data["closed_on"],
                request=request,
            )
        except DomainError as error:
            if (response := show_refusal(request, error, form, challenge)) is not None:
                return response
        else:
            messages.success(request, "Challenge closed.")
            return redirect(challenge)
    context = {
        "challenge": challenge,
        "heading": "Close the challenge",
        "button": "Close the challenge",
        "back": challenge.get_absolute_url(),
        "crumbs": _log_crumbs((challenge.summary, challenge.get_absolute_url()), ("Close", None)),
    }
    return form_page(request, "learning/scrutiny/form.html", context, form)


# Reviews --------------------------------------------------------------------------------------------------


REVIEW_FIELDS = (
    "title",
    "year",
    "status",
    "purpose",
    "scope",
    "panel_members",
    "method",
    "started_on",
    "completed_on",
    "findings",
    "recommendations",
)


@login_required
def review_detail(request, uuid):
    review = _get_review(request, uuid)
    return TemplateResponse(
        request,
        "learning/scrutiny/review.html",
        {
            "review": review,
            "actions": list(services.actions_from(review)),
            "challenges": list(review.challenges.select_related("to_agency")),
            "keeper": services.keeps_scrutiny(request.user),
            "history": history_for(review),
            "crumbs": _crumbs((review.title, None)),
        },
    )


def _reviewform_page(request, review: ScrutinyReview | None):
    initial = {name: getattr(review, name) for name in REVIEW_FIELDS} if review else {"status": "planned"}
    form = ReviewForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in REVIEW_FIELDS}
        try:
            review = services.save_review(actor=request.user, review=review, request=request, **fields)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Review saved.")
            return redirect(review)
    heading = "Change the review" if review else "Add a scrutiny review"
    context = {
        "heading": heading,
        "button": "Save the review",
        "back": review.get_absolute_url() if review else reverse("learning:scrutiny"),
        "crumbs": _crumbs((heading, None)),
    }
    return form_page(request, "learning/scrutiny/form.html", context, form)


@login_required
def review_new(request):
    _require_keeper(request, "add scrutiny review")
    return _reviewform_page(request, None)


@login_required
def review_edit(request, uuid):
    _require_keeper(request, "change scrutiny review")
    return _reviewform_page(request, _get_review(request, uuid))


@login_required
def review_action(request, uuid):
    _require_keeper(request, "raise action from scrutiny review")
    review = _get_review(request, uuid)
    form = ReviewActionForm(request.POST if request.method == "POST" else None)
    context = {
        "review": review,
        "heading": "Raise an action from the recommendations",
        "button": "Raise the action",
        "back": review.get_absolute_url(),
        "crumbs": _crumbs((review.title, review.get_absolute_url()), ("Raise an action", None)),
    }
    raise_action = partial(services.raise_review_action, review=review, actor=request.user, request=request)
    return raise_action_page(
        request, form, raise_action, back=review, template="learning/scrutiny/form.html", context=context
    )


# The plan ---------------------------------------------------------------------------------------------------


PLAN_FIELDS = ("year", "topic", "method", "planned_start", "planned_end", "status", "review")


def _planform_page(request, item: ScrutinyPlanItem | None):
    if item is not None:
        initial = {name: getattr(item, name) for name in PLAN_FIELDS}
        initial["review"] = item.review.uuid if item.review_id else None
    else:
        initial = {"status": "planned", "year": FinancialYear.containing(timezone.localdate()).start_year}
    form = PlanItemForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in PLAN_FIELDS}
        try:
            services.save_plan_item(actor=request.user, item=item, request=request, **fields)
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Scrutiny plan saved.")
            return redirect("learning:scrutiny")
    heading = "Change the plan" if item else "Add to the scrutiny plan"
    context = {
        "heading": heading,
        "button": "Save",
        "back": reverse("learning:scrutiny"),
        "crumbs": _crumbs((heading, None)),
    }
    return form_page(request, "learning/scrutiny/form.html", context, form)


@login_required
def plan_new(request):
    _require_keeper(request, "add to scrutiny plan")
    return _planform_page(request, None)


@login_required
def plan_edit(request, uuid):
    _require_keeper(request, "change scrutiny plan")
    item = ScrutinyPlanItem.objects.filter(uuid=uuid).first()
    if item is None:
        raise refuse(request, "scrutiny plan item")
    return _planform_page(request, item)


# The statement ----------------------------------------------------------------------------------------------


@login_required
def statement(request, year):
    _require_reader(request, "scrutiny statement")
    financial_year = _year_from_slug(request, year)
    item = ScrutinyStatement.objects.select_related("signed_off_by").filter(year=financial_year.start_year).first()
    keeper = services.keeps_scrutiny(request.user)
    if item is None and not keeper:
        raise refuse(request, "scrutiny statement")
    return TemplateResponse(
        request,
        "learning/scrutiny/statement.html",
        {
            "statement": item,
            "year": financial_year,
            "keeper": keeper,
            "can_sign_off": item is not None and item.signed_off_at is None and access.is_scrutineer(request.user),
            "history": history_for(item) if item is not None else None,
            "crumbs": _crumbs((f"Statement {financial_year.label}", None)),
        },
    )


@login_required
def statement_edit(request, year):
    _require_keeper(request, "write scrutiny statement")
    financial_year = _year_from_slug(request, year)
    item = ScrutinyStatement.objects.filter(year=financial_year.start_year).first()
    form = StatementForm(
        request.POST if request.method == "POST" else None, initial={"text": item.text if item else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_statement(
                actor=request.user, year=financial_year.start_year, text=form.cleaned_data["text"], request=request
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, "Statement saved.")
            return redirect("learning:scrutiny-statement", year=financial_year.slug)
    url = reverse("learning:scrutiny-statement", args=[financial_year.slug])
    context = {
        "heading": f"The scrutineer's statement for {financial_year.label}",
        "intro": "Signing off again is needed after any change." if item and item.signed_off_at else "",
        "button": "Save the statement",
        "back": url,
        "crumbs": _crumbs((f"Statement {financial_year.label}", url), ("Write", None)),
    }
    return form_page(request, "learning/scrutiny/form.html", context, form)


@login_required
def statement_sign_off(request, year):
    financial_year = _year_from_slug(request, year)
    if not access.is_scrutineer(request.user):
        raise refuse(request, "sign off scrutiny statement")
    item = ScrutinyStatement.objects.filter(year=financial_year.start_year).first()
    if item is None:
        raise refuse(request, "scrutiny statement")
    if request.method == "POST":
        try:
            services.sign_off_statement(actor=request.user, statement=item, request=request)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Statement signed off. It will appear in the yearly report.")
        return redirect(item)
    if item.signed_off_at is not None:
        messages.info(request, "The statement is already signed off.")
        return redirect(item)
    return TemplateResponse(
        request,
        "learning/scrutiny/statement_sign_off.html",
        {
            "statement": item,
            "crumbs": _crumbs((f"Statement {financial_year.label}", item.get_absolute_url()), ("Sign off", None)),
        },
    )
