"""The yearly report's outline, checklist, lead partners, the bodies it is sent to and the abbreviations it
writes out, in the staff back office."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn

from hub.core.viewsets import BackOfficeViewSet
from hub.reports.models import Acronym, ChecklistItem, LeadPartner, OutlineChapter, RecipientBody


class OutlineChapterViewSet(BackOfficeViewSet):
    name = "reports_outlinechapter"
    url_prefix = "reports/outline"
    model = OutlineChapter
    icon = "list-ol"
    menu_label = "Yearly report outline"
    menu_order = 280
    add_to_admin_menu = True
    form_fields = ["order", "title", "slug", "intro", "section_slugs", "has_narrative"]
    list_display = ["order", "title", "slug", BooleanColumn("has_narrative", label="Narrative")]
    search_fields = ["title", "slug", "section_slugs"]
    inspect_view_fields = list(form_fields)


class ChecklistItemViewSet(BackOfficeViewSet):
    name = "reports_checklistitem"
    url_prefix = "reports/checklist"
    model = ChecklistItem
    icon = "tasks"
    menu_label = "Yearly report checklist"
    menu_order = 281
    add_to_admin_menu = True
    form_fields = [
        "order",
        "title",
        "slug",
        "source",
        "verified",
        "required",
        "judged_by",
        "section_pattern",
        "chapter",
    ]
    list_display = [
        "order",
        "title",
        BooleanColumn("required", label="Required"),
        BooleanColumn("verified", label="Confirmed"),
        "judged_by",
    ]
    search_fields = ["title", "slug", "section_pattern", "source"]
    inspect_view_fields = list(form_fields)


class LeadPartnerViewSet(BackOfficeViewSet):
    name = "reports_leadpartner"
    url_prefix = "reports/lead-partners"
    model = LeadPartner
    icon = "user"
    menu_label = "Lead partners"
    menu_order = 282
    add_to_admin_menu = True
    form_fields = ["order", "role_title", "agency", "person", "active"]
    list_display = ["order", "role_title", "agency", "person", BooleanColumn("active", label="Active")]
    search_fields = ["role_title", "agency__name", "person__email", "person__last_name"]
    inspect_view_fields = list(form_fields)


class RecipientBodyViewSet(BackOfficeViewSet):
    name = "reports_recipientbody"
    url_prefix = "reports/recipient-bodies"
    model = RecipientBody
    icon = "mail"
    menu_label = "Yearly report recipients"
    menu_order = 283
    add_to_admin_menu = True
    form_fields = [
        "order",
        "name",
        "slug",
        "source",
        "verified",
        "days_after_publication",
        "first_year",
        "last_year",
        "active",
    ]
    list_display = [
        "order",
        "name",
        "days_after_publication",
        "first_year",
        "last_year",
        BooleanColumn("verified", label="Confirmed"),
        BooleanColumn("active", label="Active"),
    ]
    search_fields = ["name", "slug", "source"]
    inspect_view_fields = list(form_fields)


class AcronymViewSet(BackOfficeViewSet):
    name = "reports_acronym"
    url_prefix = "reports/abbreviations"
    model = Acronym
    icon = "doc-full"
    menu_label = "Yearly report abbreviations"
    menu_order = 284
    add_to_admin_menu = True
    form_fields = ["abbreviation", "expansion"]
    list_display = ["abbreviation", "expansion"]
    search_fields = ["abbreviation", "expansion"]
    inspect_view_fields = list(form_fields)


@hooks.register("register_admin_viewset")
def register_report_viewsets():
    return OutlineChapterViewSet()


@hooks.register("register_admin_viewset")
def register_checklist_viewset():
    return ChecklistItemViewSet()


@hooks.register("register_admin_viewset")
def register_lead_partner_viewset():
    return LeadPartnerViewSet()


@hooks.register("register_admin_viewset")
def register_recipient_body_viewset():
    return RecipientBodyViewSet()


@hooks.register("register_admin_viewset")
def register_acronym_viewset():
    return AcronymViewSet()
