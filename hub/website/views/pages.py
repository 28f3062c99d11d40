"""Website views: pages. The page types themselves are served by Wagtail; this is the What's New feed."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from hub.core.models import PartnershipSettings
from hub.website import pages


class NewsFeed(Feed):
    """The latest What's New items as an Atom feed, for feed readers and partners' intranets."""

    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return PartnershipSettings.load()

    def title(self, partnership) -> str:
        return f"{partnership.name}: What's New"

    def subtitle(self, partnership) -> str:
        return "News, new resources and events from the partnership."

    def author_name(self, partnership) -> str:
        return partnership.name

    def link(self) -> str:
        return pages.site_path("news") or "/"

    def feed_url(self) -> str:
        return reverse("website:news-feed")

    def items(self):
        return pages.live_news().prefetch_related("themes")[: pages.FEED_ITEMS]

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.summary

    def item_link(self, item) -> str:
        return item.get_url()

    def item_pubdate(self, item) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item) -> datetime.datetime:
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item) -> list[str]:
        return [theme.name for theme in item.themes.all()]


news_feed = NewsFeed()
