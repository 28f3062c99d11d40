"""The restraint module's lists in the back office: techniques, reasons and locations.

Incidents, samples and reviews are not in the back office: they are seen only through the
module's own pages, where access is limited to the home's staff and the scrutiny reviewers and
every view is logged.
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from hub.core.viewsets import BackOfficeViewSet
from hub.restraint.models import Location, Reason, Technique


class _ListViewSet(BackOfficeViewSet):
    icon = "list-ul"
    form_fields = ["name", "description", "order", "is_active"]
    list_display = ["name", "order", BooleanColumn("is_active", label="Offered")]
    list_filter = ["is_active"]
    search_fields = ["name", "description"]
    inspect_view_fields = list(form_fields)


class TechniqueViewSet(_ListViewSet):
    name = "restraint_technique"
    url_prefix = "restraint/techniques"
    model = Technique
    menu_label = "Techniques"
    menu_order = 10


class ReasonViewSet(_ListViewSet):
    name = "restraint_reason"
    url_prefix = "restraint/reasons"
    model = Reason
    menu_label = "Reasons"
    menu_order = 20


class LocationViewSet(_ListViewSet):
    name = "restraint_location"
    url_prefix = "restraint/locations"
    model = Location
    menu_label = "Locations"
    menu_order = 30


class RestraintViewSetGroup(ViewSetGroup):
    menu_label = "Restraint"
    menu_icon = "list-ul"
    menu_order = 270
    items = (TechniqueViewSet, ReasonViewSet, LocationViewSet)


@hooks.register("register_admin_viewset")
def register_restraint_viewsets():
    return RestraintViewSetGroup()
