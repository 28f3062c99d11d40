"""Section 11 pages under /learning/section-11/.

Who sees what:

- a SPOC sees and completes their own agency's self-assessments, and the challenge sessions
  held with their agency;
- the business unit opens rounds, moderates, returns assessments for changes, records challenge
  sessions, raises actions and sees everything;
- the independent scrutineer and executives read everything;
- members of the learning groups (``access.reads_learning``) see each round's dashboard: the
  return rate and every agency's ratings, not the assessments' evidence.

Everything else is answered with 404 (``refuse``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from hub.core.errors import DomainError
from hub.core.periods import FinancialYear
from hub.core.permissions import refuse
from hub.learning import access
from hub.learning.section11 import services
from hub.learning.section11.forms import ActionForm, ChallengeSessionForm, ModerationForm, RatingForm, ReturnForm
from hub.learning.section11.models import (
    ChallengeSession,
    EvidenceFile,
    Section11Assessment,
    Section11Round,
    StandardRating,
)

# Permission-scoped fetching -----------------------------------------------------------------------


def _get_round_for_reader(request, year: str) -> Section11Round:
    try:
        start_year = FinancialYear.parse(year).start_year
    except ValueError:
        raise refuse(request, "Section 11 round") from None
    round_ = Section11Round.objects.select_related("grading_scheme").filter(year=start_year).first()
    if round_ is None or not access.reads_learning(request.user):
        raise refuse(request, "Section 11 round")
    return round_


def _get_assessment_for_user(request, uuid) -> Section11Assessment:
    assessment = (
        Section11Assessment.objects.visible_to(request.user)
        .select_related("round", "round__grading_scheme", "agency", "submitted_by", "moderated_by")
        .filter(uuid=uuid)
        .first()
    )
    if assessment is None:
        raise refuse(request, "Section 11 self-assessment")
    return assessment


def _get_challenge_for_user(request, uuid) -> ChallengeSession:
    session = ChallengeSession.objects.select_related("round", "agency", "recorded_by").filter(uuid=uuid).first()
    if session is None or not (
        access.can_read_across_partnership(request.user) or session.agency in access.spoc_agencies(request.user)
    ):
        raise refuse(request, "Section 11 challenge session")
    return session


def _crumbs(*extra):
    return [
        ("Home", "/"),
        ("Learning", reverse("learning:home")),
        ("Section 11", reverse("learning:section11-home")),
        *extra,
    ]


# The Section 11 home page ------------------------------------------------------------------------


@login_required
def home(request):
    """A SPOC's self-assessments; the rounds with their return rates for readers."""
    user = request.user
    agencies = access.spoc_agencies(user)
    reader = access.reads_learning(user)
    if not (agencies or reader):
        raise refuse(request, "Section 11")
    own = list(
        Section11Assessment.objects.filter(agency__in=agencies)
        .select_related("round", "agency")
        .order_by("-round__year", "agency__name")
    )
    rounds = []
    if reader:
        for round_ in Section11Round.objects.prefetch_related("agencies", "assessments"):
            expected = {agency.pk for agency in round_.agencies.all()}
            returned = sum(1 for item in round_.assessments.all() if item.is_returned and item.agency_id in expected)
            rounds.append(
                {
                    "round": round_,
                    "expected": len(expected),
                    "returned": returned,
                    "rate": round(100 * returned / len(expected), 1) if expected else 0.0,
                }
            )
    return TemplateResponse(
        request,
        "learning/section11/home.html",
        {
            "own": own,
            "rounds": rounds,
            "business_unit": access.is_business_unit(user),
            "crumbs": _crumbs()[:-1] + [("Section 11", None)],
        },
    )


# Rounds ---------------------------------------------------------------------------------------------


@login_required
def round_dashboard(request, year):
    round_ = _get_round_for_reader(request, year)
    board = services.dashboard(round_)
    sessions = list(round_.challenge_sessions.select_related("agency").order_by("held_on"))
    business_unit = access.is_business_unit(request.user)
    can_open_assessments = access.can_read_across_partnership(request.user)
    return TemplateResponse(
        request,
        "learning/section11/round.html",
        {
            "round": round_,
            "board": board,
            "sessions": sessions,
            "business_unit": business_unit,
            "can_open_assessments": can_open_assessments,
            "can_open_sessions": can_open_assessments,
            "crumbs": _crumbs((str(round_), None)),
        },
    )


@login_required
def round_open(request, year):
    round_ = _get_round_for_reader(request, year)
    if not access.is_business_unit(request.user):
        raise refuse(request, "open Section 11 round")
    if request.method == "POST":
        try:
            started = services.open_round(actor=request.user, round_=round_, request=request)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            count = len(started)
            messages.success(
                request,
                f"{round_} is open. Started {count} self-assessment{'s' if count != 1 else ''}"
                f"{' and told their single points of contact' if count else ''}.",
            )
        return redirect(round_.get_absolute_url())
    missing = round_.agencies.exclude(section11_assessments__round=round_).order_by("name")
    return TemplateResponse(
        request,
        "learning/section11/round_open.html",
        {
            "round": round_,
            "missing": list(missing),
            "standards": services.standards_for(round_),
            "crumbs": _crumbs((str(round_), round_.get_absolute_url()), ("Open the round", None)),
        },
    )


# Assessments -------------------------------------------------------------------------------------------


def _assessment_context(request, assessment):
    grades = services.grades_of(assessment.round)
    by_code = {grade.code: grade for grade in grades}
    ratings = list(assessment.ratings.select_related("standard").prefetch_related("files"))
    rows = [
        {
            "rating": rating,
            "self_grade": by_code.get(rating.self_rating),
            "moderated_grade": by_code.get(rating.moderated_rating),
        }
        for rating in ratings
    ]
    return {
        "assessment": assessment,
        "round": assessment.round,
        "rows": rows,
        "can_edit": services.can_edit(request.user, assessment),
        "business_unit": access.is_business_unit(request.user),
        "sessions": list(assessment.round.challenge_sessions.filter(agency=assessment.agency).order_by("held_on")),
        "actions": services.actions_for([assessment])[assessment.pk],
        "missing": services.missing_standards(assessment) if assessment.is_draft else [],
    }


@login_required
def assessment_detail(request, uuid):
    assessment = _get_assessment_for_user(request, uuid)
    context = _assessment_context(request, assessment)
    context["crumbs"] = _crumbs((str(assessment), None))
    return TemplateResponse(request, "learning/section11/assessment.html", context)


@login_required
def standard_edit(request, uuid, number: int):
    assessment = _get_assessment_for_user(request, uuid)
    rating = (
        StandardRating.objects.select_related("standard")
        .prefetch_related("files")
        .filter(assessment=assessment, standard__number=number)
        .first()
    )
    if rating is None or not services.can_edit(request.user, assessment):
        raise refuse(request, "edit Section 11 standard")
    grades = services.grades_of(assessment.round)
    if request.method == "POST":
        form = RatingForm(request.POST, request.FILES, standard=rating.standard, grades=grades)
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            try:
                changed = services.save_rating(
                    actor=request.user,
                    assessment=assessment,
                    standard=rating.standard,
                    self_rating=form.cleaned_data["self_rating"],
                    evidence=form.cleaned_data["evidence"],
                    files=[upload] if upload else [],
                    request=request,
                )
            except DomainError as error:
                error.add_to_form(form, field_names={"files": "file"})
            else:
                if request.POST.get("next") == "stay":
                    messages.success(request, f"Standard {number} saved." if changed else "Nothing had changed.")
                    return redirect("learning:section11-standard", uuid=uuid, number=number)
                following = (
                    assessment.ratings.filter(standard__position__gt=rating.standard.position)
                    .select_related("standard")
                    .first()
                )
                if following is not None:
                    return redirect("learning:section11-standard", uuid=uuid, number=following.standard.number)
                return redirect("learning:section11-submit", uuid=uuid)
    else:
        form = RatingForm(
            initial={"self_rating": rating.self_rating, "evidence": rating.evidence},
            standard=rating.standard,
            grades=grades,
        )
    ratings = list(assessment.ratings.select_related("standard"))
    return TemplateResponse(
        request,
        "learning/section11/standard.html",
        {
            "assessment": assessment,
            "rating": rating,
            "form": form,
            "position": ratings.index(rating) + 1 if rating in ratings else 1,
            "total": len(ratings),
            "crumbs": _crumbs((str(assessment), assessment.get_absolute_url()), (f"Standard {number}", None)),
        },
        status=400 if form.errors else 200,
    )


@login_required
def assessment_submit(request, uuid):
    assessment = _get_assessment_for_user(request, uuid)
    if not services.is_spoc_for(request.user, assessment.agency):
        raise refuse(request, "submit Section 11 self-assessment")
    if request.method == "POST":
        try:
            services.submit_assessment(actor=request.user, assessment=assessment, request=request)
        except services.AssessmentIncomplete as error:
            context = _assessment_context(request, assessment)
            context |= {
                "error": error,
                "missing": error.missing,
                "crumbs": _crumbs((str(assessment), assessment.get_absolute_url()), ("Submit", None)),
                "page_has_errors": True,
            }
            return TemplateResponse(request, "learning/section11/submit.html", context, status=400)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(assessment.get_absolute_url())
        messages.success(request, f"Section 11 self-assessment for {assessment.round.financial_year.label} submitted.")
        return redirect(assessment.get_absolute_url())
    context = _assessment_context(request, assessment)
    context["crumbs"] = _crumbs((str(assessment), assessment.get_absolute_url()), ("Submit", None))
    return TemplateResponse(request, "learning/section11/submit.html", context)


@login_required
def evidence_download(request, uuid):
    item = EvidenceFile.objects.select_related("rating__assessment").filter(uuid=uuid).first()
    if (
        item is None
        or not Section11Assessment.objects.visible_to(request.user).filter(pk=item.rating.assessment_id).exists()
    ):
        raise refuse(request, "Section 11 evidence file")
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise refuse(request, "missing Section 11 evidence file") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=item.original_filename,
        content_type=item.content_type or "application/octet-stream",
    )


@login_required
@require_POST
def evidence_remove(request, uuid):
    item = EvidenceFile.objects.select_related("rating__assessment", "rating__standard").filter(uuid=uuid).first()
    assessment = item.rating.assessment if item else None
    if assessment is None or not services.is_spoc_for(request.user, assessment.agency):
        raise refuse(request, "remove Section 11 evidence file")
    try:
        services.remove_evidence_file(actor=request.user, evidence_file=item, request=request)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{item.original_filename} removed.")
    return redirect("learning:section11-standard", uuid=assessment.uuid, number=item.rating.standard.number)


# The business unit's work ----------------------------------------------------------------------------


def _business_unit_assessment(request, uuid, what):
    assessment = _get_assessment_for_user(request, uuid)
    if not access.is_business_unit(request.user):
        raise refuse(request, what)
    return assessment


@login_required
def moderate(request, uuid):
    assessment = _business_unit_assessment(request, uuid, "moderate Section 11 self-assessment")
    ratings = list(assessment.ratings.select_related("standard").prefetch_related("files"))
    grades = services.grades_of(assessment.round)
    if request.method == "POST":
        form = ModerationForm(request.POST, ratings=ratings, grades=grades)
        if form.is_valid():
            complete = request.POST.get("next") == "complete"
            try:
                services.save_moderation(
                    actor=request.user,
                    assessment=assessment,
                    ratings=[
                        services.ModeratedRating(standard_id=standard_id, rating=rating, note=note)
                        for standard_id, rating, note in form.moderated()
                    ],
                    summary=form.cleaned_data["summary"],
                    complete=complete,
                    request=request,
                )
            except services.AssessmentIncomplete as error:
                for standard, _ in error.missing:
                    form.add_error(
                        f"rating-{standard.number}", f"Select a moderated rating for standard {standard.number}"
                    )
            except DomainError as error:
                error.add_to_form(form)
            else:
                messages.success(request, "Moderation finished." if complete else "Moderated ratings saved.")
                return redirect(assessment.get_absolute_url())
    else:
        initial = {"summary": assessment.moderation_summary}
        for rating in ratings:
            initial[f"rating-{rating.standard.number}"] = rating.moderated_rating
            initial[f"note-{rating.standard.number}"] = rating.moderation_note
        form = ModerationForm(initial=initial, ratings=ratings, grades=grades)
    return TemplateResponse(
        request,
        "learning/section11/moderate.html",
        {
            "assessment": assessment,
            "form": form,
            "crumbs": _crumbs((str(assessment), assessment.get_absolute_url()), ("Moderate", None)),
        },
        status=400 if form.errors else 200,
    )


@login_required
def assessment_return(request, uuid):
    assessment = _business_unit_assessment(request, uuid, "return Section 11 self-assessment")
    form = ReturnForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_assessment(
                actor=request.user, assessment=assessment, reason=form.cleaned_data["reason"], request=request
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"Self-assessment returned to {assessment.agency} for changes.")
            return redirect(assessment.get_absolute_url())
    return TemplateResponse(
        request,
        "learning/section11/return.html",
        {
            "assessment": assessment,
            "form": form,
            "crumbs": _crumbs((str(assessment), assessment.get_absolute_url()), ("Return for changes", None)),
        },
        status=400 if form.errors else 200,
    )


@login_required
def action_raise(request, uuid):
    assessment = _business_unit_assessment(request, uuid, "raise action from Section 11 self-assessment")
    form = ActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.raise_action(
                actor=request.user,
                assessment=assessment,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                due_on=form.cleaned_data["due_on"],
                request=request,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"Action {action.reference} raised for {assessment.agency}.")
            return redirect(assessment.get_absolute_url())
    return TemplateResponse(
        request,
        "learning/section11/action.html",
        {
            "assessment": assessment,
            "form": form,
            "crumbs": _crumbs((str(assessment), assessment.get_absolute_url()), ("Raise an action", None)),
        },
        status=400 if form.errors else 200,
    )


@login_required
def challenge_create(request, year):
    round_ = _get_round_for_reader(request, year)
    if not access.is_business_unit(request.user):
        raise refuse(request, "record Section 11 challenge session")
    agencies = round_.agencies.order_by("name")
    form = ChallengeSessionForm(request.POST if request.method == "POST" else None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.record_challenge_session(
                actor=request.user,
                round_=round_,
                agency=data["agency"],
                held_on=data["held_on"],
                attendees=data["attendees"],
                challenges=data["challenges"],
                responses=data["responses"],
                outcome=data["outcome"],
                request=request,
            )
        except DomainError as error:
            error.add_to_form(form)
        else:
            messages.success(request, f"Challenge session with {session.agency} recorded.")
            return redirect(session.get_absolute_url())
    return TemplateResponse(
        request,
        "learning/section11/challenge_form.html",
        {
            "round": round_,
            "form": form,
            "crumbs": _crumbs((str(round_), round_.get_absolute_url()), ("Record a challenge session", None)),
        },
        status=400 if form.errors else 200,
    )


@login_required
def challenge_detail(request, uuid):
    session = _get_challenge_for_user(request, uuid)
    assessment = Section11Assessment.objects.filter(round=session.round, agency=session.agency).first()
    return TemplateResponse(
        request,
        "learning/section11/challenge.html",
        {
            "session": session,
            "assessment": assessment,
            "crumbs": _crumbs((str(session.round), None), (str(session), None)),
        },
    )
