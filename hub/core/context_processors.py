from django.conf import settings
from django.urls import NoReverseMatch, reverse

from hub.core.permissions import is_business_unit
from hub.core.registry import registry


def _navigation(request) -> list[dict]:
    user = getattr(request, "user", None)
    items = []
    for item in registry.navigation:
        if not item.visible(user):
            continue
        try:
            url = item.url() if item.url else reverse(item.url_name)
        except NoReverseMatch:
            continue
        if not url:
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": item.label, "url": url, "current": current})
    return items


def hub(request):
    user = getattr(request, "user", None)
    return {
        "SITE_URL": settings.SITE_URL,
        "hub_is_business_unit": bool(user is not None and is_business_unit(user)),
        "hub_navigation": _navigation(request),
    }
