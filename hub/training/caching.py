"""The training programme's pages in the anonymous page cache (``hub.core.page_cache``).

The programme, date list, course, event, week and level pages are kept for visitors who are not
signed in, under the ``training`` scope. Every booking change already locks its event
(``services._lock_event``), which renews the scope; the signals below renew it when staff change
a course, a date, its sessions, a safeguarding week or the training settings in the back office.
A page may still show a booking window that has just closed for up to ``PAGE_CACHE_SECONDS``;
the booking services refuse such a booking with a clear message.
"""

from __future__ import annotations

from hub.core.page_cache import cached_for_anonymous, invalidate_scope

SCOPE = "training"

cached_programme_page = cached_for_anonymous(SCOPE)


def programme_changed(**kwargs) -> None:
    invalidate_scope(SCOPE)


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from hub.training.models import Course, Event, EventSession, SafeguardingWeek, TrainingSettings

    # Not bookings: they change only through the services, under their event's lock, which
    # renews the scope already.
    for model in (Course, Event, EventSession, SafeguardingWeek, TrainingSettings):
        uid = f"hub.training.caching.{model._meta.model_name}"
        post_save.connect(programme_changed, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(programme_changed, sender=model, dispatch_uid=f"{uid}.deleted")
    for relation in (Course.themes, Course.trainers, Event.trainers, SafeguardingWeek.themes):
        m2m_changed.connect(
            programme_changed, sender=relation.through, dispatch_uid=f"hub.training.caching.{relation.through.__name__}"
        )
