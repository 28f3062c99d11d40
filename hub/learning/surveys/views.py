"""Practitioner survey pages under /learning/surveys/.

Who sees what:

- anyone with a survey's link may respond while it is open, signed in or not; the link of a
  survey not yet open, or closed, says so; an unknown link is 404;
- the business unit opens and closes surveys, sees every survey's results, the written answers,
  and exports the responses;
- members of the learning groups, executives and the independent scrutineer see the results of
  surveys that have opened (not the written answers, which may identify their authors);
- everyone else gets 404, and signed-out people are sent to sign in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hub.core.errors import DomainError
from hub.core.exports import csv_response
from hub.core.permissions import is_business_unit, refuse
from hub.learning import access
from hub.learning.surveys import services
from hub.learning.surveys.forms import ResultsFilterForm, SurveyResponseForm, parse_group
from hub.learning.surveys.models import MIN_GROUP_SIZE, Survey

# Who may see what ------------------------------------------------------------------------------


def reads_survey_results(user) -> bool:
    return access.reads_learning(user)


def _get_survey_for_user(request, uuid) -> Survey:
    """The survey ``uuid`` if the person may see its results; drafts only for the business unit."""
    user = request.user
    surveys = Survey.objects.none()
    if is_business_unit(user):
        surveys = Survey.objects.all()
    elif reads_survey_results(user):
        surveys = Survey.objects.exclude(status=Survey.Status.DRAFT)
    survey = surveys.filter(uuid=uuid).first()
    if survey is None:
        raise refuse(request, "practitioner survey")
    return survey


def _get_survey_for_business_unit(request, uuid) -> Survey:
    if not is_business_unit(request.user):
        raise refuse(request, "practitioner survey management")
    return _get_survey_for_user(request, uuid)


def _crumbs(*extra):
    return [
        ("Home", "/"),
        ("Learning", reverse("learning:home")),
        ("Practitioner surveys", reverse("learning:survey-list")),
        *extra,
    ]


# Results -----------------------------------------------------------------------------------------


@login_required
def survey_list(request):
    business_unit = is_business_unit(request.user)
    if not (business_unit or reads_survey_results(request.user)):
        raise refuse(request, "practitioner surveys")
    surveys = Survey.objects.annotate(response_count=Count("responses"))
    if not business_unit:
        surveys = surveys.exclude(status=Survey.Status.DRAFT)
    return TemplateResponse(
        request,
        "learning/surveys/list.html",
        {
            "surveys": surveys,
            "business_unit": business_unit,
            "crumbs": _crumbs()[:-1] + [("Practitioner surveys", None)],
        },
    )


@login_required
def survey_results(request, uuid):
    survey = _get_survey_for_user(request, uuid)
    business_unit = is_business_unit(request.user)
    agency_code, sector = parse_group(request.GET.get("group", ""))
    results = services.survey_results(survey, agency_code=agency_code, sector=sector)
    # A group too small to show is not offered; asking for one by its address shows nothing of it.
    filter_form = ResultsFilterForm(
        initial={"group": request.GET.get("group", "")},
        agency_choices=results.agency_choices,
        sector_choices=results.sector_choices,
    )
    rows = []
    for result in results.tallies:
        share = services.positive_share(result)
        label = services.positive_label(result.question) if share is not None else ""
        rows.append({"tally": result, "positive": share, "positive_label": label})
    return TemplateResponse(
        request,
        "learning/surveys/results.html",
        {
            "survey": survey,
            "results": results,
            "rows": rows,
            "business_unit": business_unit,
            "show_texts": business_unit,
            "availability": survey.availability(),
            "can_open": survey.status != Survey.Status.OPEN
            and not (survey.closes_at and survey.closes_at <= timezone.now()),
            "response_url": settings.SITE_URL.rstrip("/") + survey.response_path if business_unit else "",
            "filtered": bool(agency_code or sector),
            "filter_form": filter_form,
            "min_group_size": MIN_GROUP_SIZE,
            "crumbs": _crumbs((survey.title, None)),
        },
    )


@login_required
def survey_export(request, uuid):
    survey = _get_survey_for_business_unit(request, uuid)
    headers, rows = services.export_responses(actor=request.user, survey=survey, request=request)
    filename = f"survey-{survey.financial_year.slug}-{str(survey.uuid)[:8]}-responses.csv"
    return csv_response(filename, headers, rows)


def _status_change(request, uuid, *, action: str):
    survey = _get_survey_for_business_unit(request, uuid)
    if request.method == "POST":
        service = services.open_survey if action == "open" else services.close_survey
        try:
            survey = service(actor=request.user, survey=survey, request=request)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if action == "close":
                messages.success(request, f"{survey.title} is closed. The link now says so.")
            elif survey.is_accepting_responses():
                messages.success(request, f"{survey.title} is open. Anyone with the link can respond.")
            else:
                messages.success(request, f"{survey.title} will open on its opening date.")
        return redirect("learning:survey-results", uuid=survey.uuid)
    return TemplateResponse(
        request,
        f"learning/surveys/{action}.html",
        {
            "survey": survey,
            "question_count": survey.questions.count(),
            "response_count": survey.responses.count(),
            "crumbs": _crumbs((survey.title, survey.get_absolute_url()), (f"{action.title()} the survey", None)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_open(request, uuid):
    return _status_change(request, uuid, action="open")


@login_required
@require_http_methods(["GET", "POST"])
def survey_close(request, uuid):
    return _status_change(request, uuid, action="close")


# Responding --------------------------------------------------------------------------------------


def _get_survey_for_link(request, token: str) -> Survey:
    survey = Survey.objects.filter(token=token).first() if token else None
    if survey is None:
        raise refuse(request, "practitioner survey link")
    return survey


def _questions(survey: Survey) -> list:
    return list(survey.questions.select_related("grading_scheme").prefetch_related("grading_scheme__grades"))


def _respond_page(request, survey: Survey, form: SurveyResponseForm, *, status: int = 200):
    return TemplateResponse(
        request,
        "learning/surveys/respond.html",
        {"survey": survey, "form": form, "min_group_size": MIN_GROUP_SIZE},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def survey_respond(request, token: str):
    """The anonymous response form. Nothing about the person responding is kept."""
    survey = _get_survey_for_link(request, token)
    availability = survey.availability()
    if availability != Survey.Availability.OPEN:
        return TemplateResponse(
            request, "learning/surveys/unavailable.html", {"survey": survey, "availability": availability}
        )
    questions = _questions(survey)
    if request.method == "GET":
        return _respond_page(request, survey, SurveyResponseForm(questions=questions))
    form = SurveyResponseForm(request.POST, questions=questions)
    if not form.is_valid():
        return _respond_page(request, survey, form, status=400)
    if services.over_response_limit(request):
        form.add_error(
            None,
            "A lot of responses have been sent from your connection in a short time. "
            "Wait 10 minutes, then send your response again. Your answers are still on this page",
        )
        return _respond_page(request, survey, form, status=429)
    data = form.cleaned_data
    try:
        services.submit_response(
            survey=survey, answers=form.answers, agency=data["agency"], sector=data["sector"], role=data["role"]
        )
    except DomainError as error:
        if error.field:
            error.add_to_form(form)
            return _respond_page(request, survey, form, status=400)
        survey.refresh_from_db()
        return TemplateResponse(
            request,
            "learning/surveys/unavailable.html",
            {"survey": survey, "availability": survey.availability(), "message": error.message},
            status=409,
        )
    return redirect("learning:survey-thanks", token=survey.token)


@never_cache
def survey_thanks(request, token: str):
    survey = _get_survey_for_link(request, token)
    return TemplateResponse(request, "learning/surveys/thanks.html", {"survey": survey})
