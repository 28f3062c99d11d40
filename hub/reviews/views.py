"""Pages of the case reviews module (under /reviews/).

Panel members (two-factor verified) see and change notifications, rapid reviews and practice
reviews; the chair also reads who has viewed each record. An agency asked for a rapid review
summary sees only its own request. The clocks dashboard also opens to the business unit and the
executive, showing references and dates only. Everyone else gets 404 (``access``). Every page
showing a record writes an entry to the module's access log.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hub.core import roles
from hub.core.errors import DomainError
from hub.core.history import history_for
from hub.core.models import Action
from hub.core.permissions import is_business_unit, refuse
from hub.core.views.forms import form_page, raise_action_page
from hub.core.views.paging import pagination
from hub.reviews import access, clocks, services
from hub.reviews.forms import (
    DecisionForm,
    LearningEventForm,
    MonitoringForm,
    NationalReviewForm,
    NotificationForm,
    PanelResponseForm,
    PracticeReviewForm,
    PublishReportForm,
    RecommendationActionForm,
    RecommendationForm,
    SummaryForm,
    SummaryRequestForm,
)
from hub.reviews.models import (
    AccessEntry,
    ChildDeath,
    LearningEvent,
    MonitoringCheck,
    NationalReview,
    Notification,
    PracticeReview,
    RapidReview,
    Recommendation,
    SummaryRequest,
)

FORM = "reviews/form.html"
FINISHED = (PracticeReview.Stage.PUBLISHED, PracticeReview.Stage.CLOSED)
ACCESS_PAGE_SIZE = 100


def _crumbs(*extra):
    return [("Home", "/"), ("Case reviews", reverse("reviews:overview")), *extra]


def _seen(request, record) -> None:
    """Every page that opens a record logs it; a change is logged again by the service that makes it."""
    if request.method == "GET":
        access.record(request, AccessEntry.Kind.VIEWED, record)


def _fail(form, error: DomainError) -> None:
    error.add_to_form(form)


def form_step(request, form, save, *, context: dict, success: str, done_url: str, template: str = FORM):
    """The shape of every form page here: for a valid form run ``save(cleaned_data)``; a service's
    refusal is shown on the form (400), success is a message and a redirect to ``done_url``."""
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, success)
            return redirect(done_url)
    return form_page(request, template, context, form)


# Overview and clocks ------------------------------------------------------------------------------


@login_required
@require_GET
def overview(request):
    access.require_panel(request, "case reviews")
    notifications = list(
        Notification.objects.select_related("rapid_review", "notifying_agency")
        .annotate(
            summaries=Count("rapid_review__summary_requests"),
            summaries_in=Count(
                "rapid_review__summary_requests", filter=Q(rapid_review__summary_requests__completed_at__isnull=False)
            ),
        )
        .order_by("-became_aware_on", "-id")
    )
    reviews = list(PracticeReview.objects.order_by("-decided_on", "-id"))
    access.record_many(request, AccessEntry.Kind.LISTED, notifications + reviews)
    deadlines = clocks.all_deadlines()
    today = timezone.localdate()
    context = {
        "notifications": notifications,
        "open_reviews": [review for review in reviews if review.stage not in FINISHED],
        "closed_reviews": [review for review in reviews if review.stage in FINISHED],
        "counts": clocks.summarise(deadlines, today),
        "next_deadlines": [d for d in deadlines if d.state(today) in (clocks.State.DUE, clocks.State.OVERDUE)][:5],
        "today": today,
        "is_chair": access.is_chair(request.user),
        "crumbs": [("Home", "/"), ("Case reviews", None)],
    }
    return TemplateResponse(request, "reviews/overview.html", context)


def sees_clocks(user) -> bool:
    return access.is_panel_member(user) or is_business_unit(user) or user.has_role(roles.EXECUTIVE)


@login_required
@require_GET
def clock_dashboard(request):
    if not sees_clocks(request.user):
        raise refuse(request, "case review clocks")
    today = timezone.localdate()
    deadlines = clocks.all_deadlines()
    wanted = request.GET.get("state", "")
    shown = [d for d in deadlines if d.state(today) == wanted] if wanted in clocks.State.LABELS else deadlines
    access.record_many(request, AccessEntry.Kind.LISTED, {id(d.record): d.record for d in shown}.values())
    context = {
        "deadlines": shown,
        "counts": clocks.summarise(deadlines, today),
        "states": clocks.State.LABELS,
        "wanted": wanted,
        "today": today,
        "links": access.is_panel_member(request.user),
        "crumbs": [("Home", "/"), ("Case review clocks", None)]
        if not access.is_panel_member(request.user)
        else _crumbs(("Clocks", None)),
    }
    return TemplateResponse(request, "reviews/clocks.html", context)


# Notifications and rapid reviews --------------------------------------------------------------


def _notification(request, uuid) -> Notification:
    access.require_panel(request, "serious incident notification")
    notification = (
        Notification.objects.select_related("rapid_review", "notifying_agency", "created_by").filter(uuid=uuid).first()
    )
    if notification is None:
        raise refuse(request, "serious incident notification")
    _seen(request, notification)
    return notification


def _rapid_review(request, uuid) -> RapidReview:
    access.require_panel(request, "rapid review")
    rapid_review = RapidReview.objects.select_related("notification").filter(uuid=uuid).first()
    if rapid_review is None:
        raise refuse(request, "rapid review")
    _seen(request, rapid_review)
    return rapid_review


NOTIFICATION_FIELDS = (
    "reference",
    "harm",
    "incident_on",
    "became_aware_on",
    "notifying_agency",
    "looked_after_child_died",
    "summary",
    "notified_panel_on",
    "panel_reference",
    "partners_told_on",
)


@login_required
@require_http_methods(["GET", "POST"])
def notification_new(request):
    access.require_panel(request, "new serious incident notification")
    form = NotificationForm(request.POST if request.method == "POST" else None, initial={"version": 0})
    if form.is_valid():
        try:
            notification = services.create_notification(
                actor=request.user, request=request, **{name: form.cleaned_data[name] for name in NOTIFICATION_FIELDS}
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, f"Notification {notification.reference} recorded and its rapid review opened.")
            return redirect(notification.get_absolute_url())
    context = {
        "heading": "Record a serious incident notification",
        "button": "Record the notification",
        "back": reverse("reviews:overview"),
        "crumbs": _crumbs(("New notification", None)),
    }
    return form_page(request, FORM, context, form)


@login_required
@require_GET
def notification_detail(request, uuid):
    notification = _notification(request, uuid)
    rapid_review = notification.rapid_review
    summaries = list(rapid_review.summary_requests.select_related("agency", "completed_by"))
    context = {
        "notification": notification,
        "rapid_review": rapid_review,
        "summaries": summaries,
        "practice_reviews": list(rapid_review.practice_reviews.all()),
        "deadlines": clocks.notification_deadlines(notification),
        "today": timezone.localdate(),
        "history": history_for(notification)[:20],
        "is_chair": access.is_chair(request.user),
        "crumbs": _crumbs((notification.reference, None)),
    }
    return TemplateResponse(request, "reviews/notification_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notification_edit(request, uuid):
    notification = _notification(request, uuid)
    initial = {name: getattr(notification, name) for name in NOTIFICATION_FIELDS} | {"version": notification.version}
    form = NotificationForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {
        "heading": f"Change notification {notification.reference}",
        "button": "Save",
        "back": notification.get_absolute_url(),
        "crumbs": _crumbs((notification.reference, notification.get_absolute_url()), ("Change", None)),
    }

    def save(data):
        changes = {name: data[name] for name in NOTIFICATION_FIELDS}
        services.save_versioned(notification, data["version"], changes, actor=request.user, request=request)

    return form_step(
        request, form, save, context=context, success="Notification saved.", done_url=notification.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_summaries(request, uuid):
    rapid_review = _rapid_review(request, uuid)
    asked = list(rapid_review.summary_requests.values_list("agency_id", flat=True))
    form = SummaryRequestForm(request.POST if request.method == "POST" else None, asked=asked)
    back = rapid_review.get_absolute_url()
    if rapid_review.is_decided:
        messages.error(request, "The rapid review has reached its decision: no more summaries can be requested.")
        return redirect(back)
    if form.is_valid():
        try:
            created = services.request_summaries(
                actor=request.user,
                rapid_review=rapid_review,
                agencies=list(form.cleaned_data["agencies"]),
                due_on=form.cleaned_data["due_on"],
                request=request,
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, f"{len(created)} agenc{'y' if len(created) == 1 else 'ies'} asked for a summary.")
            return redirect(back)
    context = {
        "heading": f"Ask agencies for summaries: {rapid_review.notification.reference}",
        "button": "Send the requests",
        "back": back,
        "intro": "Each agency's single points of contact are e-mailed a link. The e-mail names only the case "
        "reference and the due date.",
        "crumbs": _crumbs((rapid_review.notification.reference, back), ("Ask for summaries", None)),
    }
    return form_page(request, FORM, context, form)


@login_required
@require_http_methods(["GET", "POST"])
def decision(request, uuid):
    rapid_review = _rapid_review(request, uuid)
    back = rapid_review.get_absolute_url()
    initial = {
        "version": rapid_review.version,
        "meeting_on": rapid_review.meeting_on,
        "immediate_actions": rapid_review.immediate_actions,
        "decision": rapid_review.decision,
        "rationale": rapid_review.rationale,
        "decided_on": rapid_review.decided_on,
    }
    form = DecisionForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            services.record_decision(
                actor=request.user, rapid_review=rapid_review, request=request, **form.cleaned_data
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, "The rapid review's decision is recorded.")
            return redirect(back)
    summaries = list(rapid_review.summary_requests.select_related("agency"))
    context = {
        "heading": f"Rapid review decision: {rapid_review.notification.reference}",
        "button": "Record the decision",
        "back": back,
        "summaries": summaries,
        "crumbs": _crumbs((rapid_review.notification.reference, back), ("Decision", None)),
    }
    return form_page(request, "reviews/decision_form.html", context, form)


@login_required
@require_http_methods(["GET", "POST"])
def panel_response(request, uuid):
    rapid_review = _rapid_review(request, uuid)
    back = rapid_review.get_absolute_url()
    names = ("submitted_to_panel_on", "decision_notified_on", "panel_responded_on", "panel_response")
    initial = {name: getattr(rapid_review, name) for name in names} | {"version": rapid_review.version}
    form = PanelResponseForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {
        "heading": f"The national panel: {rapid_review.notification.reference}",
        "button": "Save",
        "back": back,
        "crumbs": _crumbs((rapid_review.notification.reference, back), ("National panel", None)),
    }

    def save(data):
        changes = {name: data[name] for name in names}
        services.save_versioned(rapid_review, data["version"], changes, actor=request.user, request=request)

    return form_step(request, form, save, context=context, success="Saved.", done_url=back)


# Agency summaries ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def summary(request, uuid):
    found = SummaryRequest.objects.select_related("agency", "rapid_review__notification", "completed_by").filter(
        uuid=uuid
    )
    item = found.first()
    is_panel = access.is_panel_member(request.user)
    answers = item is not None and item.agency_id in access.answering_agencies(request.user)
    if item is None or not (is_panel or answers):
        raise refuse(request, "rapid review summary")
    reference = item.rapid_review.notification.reference
    editable = answers and not item.rapid_review.is_decided
    form = None
    if editable:
        initial = {
            "version": item.version,
            "involvement": item.involvement,
            "analysis": item.analysis,
            "immediate_actions": item.immediate_actions,
        }
        form = SummaryForm(request.POST if request.method == "POST" else None, initial=initial)
        if form.is_valid():
            try:
                services.complete_summary(actor=request.user, summary=item, request=request, **form.cleaned_data)
            except DomainError as error:
                _fail(form, error)
            else:
                messages.success(request, f"Your agency's summary for {reference} has been sent to the panel.")
                return redirect(reverse("core:account") if not is_panel else item.rapid_review.get_absolute_url())
    elif request.method == "POST":
        messages.error(
            request,
            "This summary can no longer be changed." if answers else "Only the agency asked can send its summary.",
        )
        return redirect(item.get_absolute_url())
    access.record(request, AccessEntry.Kind.VIEWED, item)
    crumbs = (
        _crumbs((reference, item.rapid_review.get_absolute_url()), (f"Summary from {item.agency}", None))
        if is_panel
        else [("Home", "/"), ("Your account", reverse("core:account")), (f"Rapid review {reference}", None)]
    )
    context = {
        "item": item,
        "reference": reference,
        "editable": editable,
        "crumbs": crumbs,
        "today": timezone.localdate(),
    }
    if form is not None:
        return form_page(request, "reviews/summary.html", context, form)
    return TemplateResponse(request, "reviews/summary.html", context)


# Practice reviews ---------------------------------------------------------------------------------


PRACTICE_FIELDS = (
    "reference",
    "kind",
    "title",
    "decided_on",
    "stage",
    "terms_of_reference",
    "reviewer",
    "reviewer_commissioned_on",
    "draft_received_on",
    "final_report_on",
    "sent_to_panel_on",
    "publication_planned_on",
    "published_on",
    "published_url",
    "not_published_reason",
    "summary",
)


def _practice_review(request, uuid) -> PracticeReview:
    access.require_panel(request, "practice review")
    review = PracticeReview.objects.select_related("rapid_review__notification").filter(uuid=uuid).first()
    if review is None:
        raise refuse(request, "practice review")
    _seen(request, review)
    return review


@login_required
@require_http_methods(["GET", "POST"])
def practice_review_new(request):
    access.require_panel(request, "new practice review")
    form = PracticeReviewForm(
        request.POST if request.method == "POST" else None,
        initial={"version": 0, "stage": PracticeReview.Stage.TERMS},
    )
    if form.is_valid():
        try:
            review = services.create_practice_review(
                actor=request.user,
                request=request,
                themes=form.cleaned_data["themes"],
                **{name: form.cleaned_data[name] for name in PRACTICE_FIELDS},
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, f"Review {review.reference} recorded.")
            return redirect(review.get_absolute_url())
    context = {
        "heading": "Record a practice review",
        "button": "Record the review",
        "back": reverse("reviews:overview"),
        "intro": "Reviews opened by a rapid review's decision appear by themselves. Use this page for reviews "
        "started otherwise, and for serious case reviews from before 2018 whose actions are still open.",
        "crumbs": _crumbs(("New practice review", None)),
    }
    return form_page(request, FORM, context, form)


@login_required
@require_GET
def practice_review_detail(request, uuid):
    review = _practice_review(request, uuid)
    book = clocks.RuleBook()
    context = {
        "review": review,
        "deadlines": clocks.practice_review_deadlines(review, book),
        "kept_online_until": clocks.kept_online_until(review, book),
        "monitoring": list(review.monitoring.select_related("recorded_by")),
        "recommendations": list(review.recommendations.select_related("action")),
        "learning_events": list(review.learning_events.prefetch_related("agencies")),
        "actions": list(services.review_actions(review)),
        "themes": list(review.themes.all()),
        "today": timezone.localdate(),
        "history": history_for(review)[:20],
        "is_chair": access.is_chair(request.user),
        "crumbs": _crumbs((review.reference, None)),
    }
    return TemplateResponse(request, "reviews/practice_review_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def practice_review_edit(request, uuid):
    review = _practice_review(request, uuid)
    initial = {name: getattr(review, name) for name in PRACTICE_FIELDS} | {
        "version": review.version,
        "themes": list(review.themes.all()),
    }
    form = PracticeReviewForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        try:
            saved = services.save_versioned(
                review,
                form.cleaned_data["version"],
                {name: form.cleaned_data[name] for name in PRACTICE_FIELDS},
                actor=request.user,
                request=request,
            )
            saved.themes.set(form.cleaned_data["themes"])
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, f"Review {saved.reference} saved.")
            return redirect(saved.get_absolute_url())
    context = {
        "heading": f"Change review {review.reference}",
        "button": "Save",
        "back": review.get_absolute_url(),
        "crumbs": _crumbs((review.reference, review.get_absolute_url()), ("Change", None)),
    }
    return form_page(request, FORM, context, form)


def _add_to_review(request, uuid, form_class, heading: str, button: str, save, success: str) -> TemplateResponse:
    review = _practice_review(request, uuid)
    form = form_class(request.POST if request.method == "POST" else None)
    context = {
        "heading": f"{heading}: {review.reference}",
        "button": button,
        "back": review.get_absolute_url(),
        "crumbs": _crumbs((review.reference, review.get_absolute_url()), (heading, None)),
    }
    return form_step(
        request, form, partial(save, review), context=context, success=success, done_url=review.get_absolute_url()
    )


@login_required
@require_http_methods(["GET", "POST"])
def monitoring_new(request, uuid):
    def save(review, data):
        check = MonitoringCheck(review=review, recorded_by=request.user, **data)
        check._history_user = request.user
        check.save()
        access.record(request, AccessEntry.Kind.CHANGED, review, detail="monitoring check recorded")

    return _add_to_review(
        request,
        uuid,
        MonitoringForm,
        "Record a monitoring check",
        "Record the check",
        save,
        "Monitoring check recorded.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_new(request, uuid):
    def save(review, data):
        services.add_recommendation(actor=request.user, review=review, text=data["text"], request=request)

    return _add_to_review(
        request,
        uuid,
        RecommendationForm,
        "Add a recommendation",
        "Add the recommendation",
        save,
        "Recommendation added.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def learning_event_new(request, uuid):
    def save(review, data):
        agencies = data.pop("agencies")
        event = LearningEvent(review=review, **data)
        event._history_user = request.user
        event.save()
        event.agencies.set(agencies)
        access.record(request, AccessEntry.Kind.CHANGED, review, detail="learning event recorded")

    return _add_to_review(
        request,
        uuid,
        LearningEventForm,
        "Record a learning event",
        "Record the event",
        save,
        "Learning event recorded.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_action(request, uuid, number):
    review = _practice_review(request, uuid)
    recommendation = Recommendation.objects.filter(review=review, number=number).select_related("action").first()
    if recommendation is None:
        raise refuse(request, "review recommendation")
    back = review.get_absolute_url()
    if recommendation.action_id:
        messages.error(request, f"Action {recommendation.action.reference} already answers this recommendation.")
        return redirect(back)
    form = RecommendationActionForm(request.POST if request.method == "POST" else None)
    context = {
        "heading": f"Raise an action for recommendation {recommendation.number}",
        "button": "Raise the action",
        "back": back,
        "intro": recommendation.text,
        "crumbs": _crumbs((review.reference, back), ("Raise an action", None)),
    }
    raise_action = partial(
        services.raise_recommendation_action, recommendation=recommendation, actor=request.user, request=request
    )
    return raise_action_page(request, form, raise_action, back=back, template=FORM, context=context)


# Access log ---------------------------------------------------------------------------------------


@login_required
@require_GET
def access_log(request, kind, uuid):
    model = {"notification": Notification, "practice-review": PracticeReview, "child-death": ChildDeath}.get(kind)
    if model is ChildDeath:
        if not access.is_cdop_chair(request.user):
            raise refuse(request, "child death access log")
    else:
        access.require_chair(request, "case review access log")
    record = model.objects.filter(uuid=uuid).first() if model else None
    if record is None:
        raise refuse(request, "case review access log")
    entries = list(access.entries_for(record))
    if isinstance(record, Notification):
        summaries = SummaryRequest.objects.filter(rapid_review__notification=record).values_list("pk", flat=True)
        rapid = RapidReview.objects.filter(notification=record).values_list("pk", flat=True)
        entries += list(
            AccessEntry.objects.filter(
                Q(record_type="summaryrequest", record_id__in=list(summaries))
                | Q(record_type="rapidreview", record_id__in=list(rapid))
            ).select_related("user")
        )
        entries.sort(key=lambda entry: (entry.at, entry.pk), reverse=True)
    page = Paginator(entries, ACCESS_PAGE_SIZE).get_page(request.GET.get("page"))
    access.record(request, AccessEntry.Kind.VIEWED, record, detail="read the access log")
    label = getattr(record, "reference", str(record))
    context = {
        "record": record,
        "label": label,
        "page": page,
        "pagination": pagination(page, request.GET),
        "crumbs": [
            ("Home", "/"),
            ("Child death reviews", reverse("reviews:child-deaths"))
            if model is ChildDeath
            else ("Case reviews", reverse("reviews:overview")),
            (label, record.get_absolute_url()),
            ("Who has seen this record", None),
        ],
    }
    return TemplateResponse(request, "reviews/access_log.html", context)


# National review learning -------------------------------------------------------------------------

NATIONAL_FIELDS = ("title", "published_by", "published_on", "url", "summary", "local_response", "responded_on")


def _national_review(request, uuid) -> NationalReview:
    access.require_panel(request, "national review")
    review = NationalReview.objects.filter(uuid=uuid).first()
    if review is None:
        raise refuse(request, "national review")
    return review


@login_required
@require_GET
def national_reviews(request):
    access.require_panel(request, "national reviews")
    context = {
        "reviews": list(NationalReview.objects.prefetch_related("themes")),
        "crumbs": _crumbs(("National reviews", None)),
    }
    return TemplateResponse(request, "reviews/national_reviews.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def national_review_form(request, uuid=None):
    access.require_panel(request, "national review")
    review = _national_review(request, uuid) if uuid else None
    initial = (
        {name: getattr(review, name) for name in NATIONAL_FIELDS} | {"themes": list(review.themes.all())}
        if review
        else {}
    )
    form = NationalReviewForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        with transaction.atomic():
            saved = review or NationalReview()
            for name in NATIONAL_FIELDS:
                setattr(saved, name, form.cleaned_data[name])
            saved._history_user = request.user
            saved.save()
            saved.themes.set(form.cleaned_data["themes"])
        messages.success(request, f"“{saved.title}” saved.")
        return redirect(saved.get_absolute_url())
    back = review.get_absolute_url() if review else reverse("reviews:national-reviews")
    context = {
        "heading": f"Change “{review.title}”" if review else "Add a national review",
        "button": "Save",
        "back": back,
        "crumbs": _crumbs(
            ("National reviews", reverse("reviews:national-reviews")), ("Change" if review else "Add", None)
        ),
    }
    return form_page(request, FORM, context, form)


@login_required
@require_GET
def national_review_detail(request, uuid):
    review = _national_review(request, uuid)
    context = {
        "review": review,
        "themes": list(review.themes.all()),
        "actions": list(Action.objects.from_source(review).select_related("owner_agency")),
        "crumbs": _crumbs(("National reviews", reverse("reviews:national-reviews")), (review.title, None)),
    }
    return TemplateResponse(request, "reviews/national_review_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def national_review_action(request, uuid):
    review = _national_review(request, uuid)
    back = review.get_absolute_url()
    form = RecommendationActionForm(request.POST if request.method == "POST" else None)
    context = {
        "heading": f"Raise an action from “{review.title}”",
        "button": "Raise the action",
        "back": back,
        "crumbs": _crumbs(
            ("National reviews", reverse("reviews:national-reviews")), (review.title, back), ("Raise an action", None)
        ),
    }
    raise_action = partial(services.raise_national_action, review=review, actor=request.user, request=request)
    return raise_action_page(request, form, raise_action, back=back, template=FORM, context=context)


@login_required
@require_http_methods(["GET", "POST"])
def practice_review_publish(request, uuid):
    """Publish the final report in the website's resource library and record where it is."""
    review = _practice_review(request, uuid)
    back = review.get_absolute_url()
    form = PublishReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={
            "title": f"{review.get_kind_display()}: {review.title}",
            "summary": review.summary,
            "published_on": review.publication_planned_on or timezone.localdate(),
        },
    )
    if form.is_valid():
        try:
            services.publish_report(
                actor=request.user,
                review=review,
                version=review.version,
                upload=form.cleaned_data["report"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                published_on=form.cleaned_data["published_on"],
                request=request,
            )
        except DomainError as error:
            _fail(form, error)
        else:
            messages.success(request, f"The report of {review.reference} is published in the resource library.")
            return redirect(back)
    context = {
        "heading": f"Publish the report of {review.reference}",
        "button": "Publish in the resource library",
        "back": back,
        "intro": "The report becomes a public resource of type 'Review report' in the website's library, and the "
        "review records where and when. Check that the report identifies nobody before you publish it. Publishing "
        "again replaces the file on the same page.",
        "enctype": "multipart/form-data",
        "crumbs": _crumbs((review.reference, back), ("Publish", None)),
    }
    return form_page(request, FORM, context, form)
