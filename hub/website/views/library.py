"""Website views: resource downloads, "we used this briefing", and site search.

The library itself and each resource are Wagtail pages (``ResourceLibraryPage``,
``ResourcePage``); these views are the routes beside them. A resource is fetched through one
helper that answers 404 for anything that is not a live resource of this site, and sends a
signed-out visitor to sign in when the resource (or its file) is for signed-in people only.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import FileResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import BaseViewRestriction, Site

from hub.core.errors import DomainError
from hub.core.permissions import refuse
from hub.website import library
from hub.website.forms import BriefingUseForm
from hub.website.models import BriefingUse, ResourcePage
from hub.website.pages import breadcrumbs, site_path
from hub.website.search import GROUPS, site_search

# "We used this briefing" is open to anyone, so it is protected against floods: CSRF, a field
# only automated form fillers complete, and at most this many records per address per window.
BRIEFING_USES_PER_WINDOW = 10
BRIEFING_USE_WINDOW_SECONDS = 10 * 60
RECENT_USES_SESSION_KEY = "website:briefing-uses"


class _SignInFirst(Exception):
    pass


def _refused_restrictions(restrictions, request) -> list:
    return [restriction for restriction in restrictions if not restriction.accept_request(request)]


def _get_resource_for_request(request, slug: str) -> ResourcePage:
    """The live resource ``slug`` of this site, if the request passes its view restrictions.

    Raises 404 (logged) otherwise, or ``_SignInFirst`` when signing in would let a signed-out
    visitor through. The file's collection restrictions count as the resource's own.
    """
    site = Site.find_for_request(request)
    resources = ResourcePage.objects.live().filter(slug=slug)
    if site is not None:
        resources = resources.descendant_of(site.root_page)
    resource = resources.select_related("document", "document__collection").first()
    if resource is None:
        raise refuse(request, f"resource {slug}")
    restrictions = list(resource.get_view_restrictions())
    if resource.document is not None:
        restrictions.extend(resource.document.collection.get_view_restrictions())
    refused = _refused_restrictions(restrictions, request)
    if refused:
        if not request.user.is_authenticated and all(
            r.restriction_type in (BaseViewRestriction.LOGIN, BaseViewRestriction.GROUPS) for r in refused
        ):
            raise _SignInFirst
        raise refuse(request, f"restricted resource {slug}")
    return resource


def _document_response(document) -> FileResponse:
    kind = document.content_type
    handle = document.file.open("rb")
    inline = document.content_disposition == "inline"
    response = FileResponse(handle, as_attachment=not inline, filename=document.filename, content_type=kind)
    # The file is served as what it is, never guessed at, and may not run anything if opened.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
@require_GET
def resource_download(request, slug: str):
    """Count a download of the resource's file (or a click on its link) and hand it over."""
    try:
        resource = _get_resource_for_request(request, slug)
    except _SignInFirst:
        return redirect_to_login(request.get_full_path())
    if resource.document is not None:
        try:
            response = _document_response(resource.document)
        except (FileNotFoundError, OSError):
            raise refuse(request, f"missing file of resource {slug}") from None
        library.record_download(resource=resource)
        return response
    url = resource.external_url
    # Only ever the web address stored on the resource: nothing from the request decides where to go.
    parts = urlsplit(url)
    if parts.scheme in ("http", "https") and parts.netloc:
        library.record_download(resource=resource)
        return HttpResponseRedirect(url)
    raise refuse(request, f"resource {slug} has nothing to download")


def _client_key(request) -> str:
    # Behind the reverse proxy every request comes from the proxy's address; the proxy appends
    # the visitor's own address to X-Forwarded-For, so the last entry tells visitors apart.
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    return "website:briefing-use:" + hashlib.sha256(f"{address}|{forwarded}".encode()).hexdigest()[:32]


def _over_limit(request) -> bool:
    key = _client_key(request)
    if cache.add(key, 1, BRIEFING_USE_WINDOW_SECONDS):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, BRIEFING_USE_WINDOW_SECONDS)
        return False
    return count > BRIEFING_USES_PER_WINDOW


def _briefing_page(request, resource: ResourcePage, form: BriefingUseForm, *, status: int = 200):
    """The briefing's own page, showing ``form`` (with its errors) where the form belongs."""
    context = resource.get_context(request)
    context["briefing_form"] = form
    context["page_has_errors"] = bool(form.errors)
    return TemplateResponse(request, resource.get_template(request), context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def briefing_use(request, slug: str):
    """Record that a team used a 7-minute briefing. GET shows the briefing's page with the form."""
    try:
        resource = _get_resource_for_request(request, slug)
    except _SignInFirst:
        return redirect_to_login(request.get_full_path())
    if not resource.is_briefing:
        raise refuse(request, f"briefing use of {slug}, which is not a briefing")
    if request.method == "GET":
        # Someone reloading the address after a mistake gets the briefing with an empty form.
        return _briefing_page(request, resource, BriefingUseForm(user=request.user))
    form = BriefingUseForm(request.POST, user=request.user)
    if not form.is_valid():
        return _briefing_page(request, resource, form)
    if _over_limit(request):
        form.add_error(
            None,
            "You have recorded a lot of briefings in a short time. Wait 10 minutes, then try again",
        )
        return _briefing_page(request, resource, form, status=429)
    data = form.cleaned_data
    try:
        use = library.record_briefing_use(
            briefing=resource,
            team=data["team"],
            agency=data["agency"],
            staff_count=data["staff_count"],
            used_on=data["used_on"],
            comment=data["comment"],
            actor=request.user,
        )
    except DomainError as error:
        error.add_to_form(form)
        return _briefing_page(request, resource, form)
    recent = [*request.session.get(RECENT_USES_SESSION_KEY, [])[-9:], str(use.uuid)]
    request.session[RECENT_USES_SESSION_KEY] = recent
    return redirect("website:briefing-use-done", slug=resource.slug, use_uuid=use.uuid)


@never_cache
@require_GET
def briefing_use_done(request, slug: str, use_uuid):
    """The confirmation, for the person who has just recorded the use (kept in their session)."""
    if str(use_uuid) not in request.session.get(RECENT_USES_SESSION_KEY, []):
        raise refuse(request, f"briefing use {use_uuid}")
    use = (
        BriefingUse.objects.filter(uuid=use_uuid, briefing__slug=slug, briefing__live=True)
        .select_related("agency", "briefing")
        .first()
    )
    if use is None:
        raise refuse(request, f"briefing use {use_uuid}")
    crumbs = breadcrumbs(use.briefing, request)
    crumbs[-1] = (use.briefing.title, use.briefing.get_url(request))
    return render(
        request,
        "website/resource_briefing_use_done.html",
        {"use": use, "briefing": use.briefing, "crumbs": [*crumbs, ("Use recorded", None)]},
    )


@require_GET
def search(request):
    """Search every page the visitor may see, grouped by kind, words marked."""
    group = request.GET.get("group", "")
    outcome = site_search(request, request.GET.get("q", ""), group=group, page_number=request.GET.get("page", "1"))
    pagination = None
    if outcome.page is not None:
        pagination = library.pagination_links(
            outcome.page,
            lambda number: "?" + _search_querystring(outcome.query.text, outcome.selected.group.key, number),
        )
    return render(
        request,
        "website/search/results.html",
        {
            "search": outcome,
            "groups": GROUPS,
            "pagination": pagination,
            "all_url": "?" + _search_querystring(outcome.query.text),
            "group_urls": {g.key: "?" + _search_querystring(outcome.query.text, g.key) for g in GROUPS},
            "library_url": site_path("library") or "/resources/",
            "crumbs": [("Home", "/"), ("Search", None)],
        },
    )


def _search_querystring(text: str, group: str = "", page: int = 1) -> str:
    query = QueryDict(mutable=True)
    query["q"] = text
    if group:
        query["group"] = group
    if page > 1:
        query["page"] = str(page)
    return query.urlencode()
