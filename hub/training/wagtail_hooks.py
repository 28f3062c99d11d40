"""The "Training" menu of the back office (see ``hub.training.viewsets``).

Bookings, waiting lists, charges, evaluations and booking blocks change only through the
training services, so their model permissions are narrowed here to viewing, for everyone.
"""

from __future__ import annotations

from django.urls import path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from hub.core.wagtail_hooks import RestrictedPolicy
from hub.training.models import Booking, BookingBlock, Charge, CourseWaitingListEntry, Evaluation

READ_ONLY = {"add", "change", "delete"}
for _model in (Booking, BookingBlock, Charge, CourseWaitingListEntry, Evaluation):
    register_permission_policy(_model, RestrictedPolicy(_model, refused=READ_ONLY))


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    from hub.training.viewsets import TrainingViewSetGroup

    return TrainingViewSetGroup()


@hooks.register("register_admin_urls")
def training_action_urls():
    from hub.training import viewsets

    return [
        path("training/bookings/<int:pk>/do/<slug:action>/", viewsets.booking_action, name="training_booking_action"),
        path("training/blocks/<int:pk>/lift/", viewsets.block_lift, name="training_block_lift"),
    ]
