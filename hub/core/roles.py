"""The standard roles every partnership starts with.

Roles are rows in ``core.Role``; this module only makes sure the standard ones exist after each
migrate (never overwriting what staff have changed) and names the slugs code asks about.
Group membership (Executive, PLG...) is held in ``governance`` as memberships, not as roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction

PRACTITIONER = "practitioner"
LINE_MANAGER = "line-manager"
SPOC = "spoc"
BUSINESS_UNIT = "business-unit"
TRAINER = "trainer"
EXECUTIVE = "executive"
SCRUTINEER = "scrutineer"
REVIEWS_PANEL = "reviews-panel"
CDOP_PANEL = "cdop-panel"
REVIEWS_CHAIR = "reviews-panel-chair"
CDOP_EXPORTER = "cdop-exporter"
CDOP_CHAIR = "cdop-chair"
RESTRAINT_RECORDER = "restraint-recorder"
RESTRAINT_REVIEWER = "restraint-reviewer"


@dataclass(frozen=True)
class StandardRole:
    slug: str
    name: str
    description: str
    agency_scoped: bool = False
    requires_two_factor: bool = False
    # App labels whose model permissions the role's group holds, and other permissions by codename.
    permission_apps: tuple[str, ...] = ()
    extra_permissions: tuple[str, ...] = ()
    # Whether the group may edit every page and every document and image collection.
    wagtail_tree_permissions: bool = False


BACK_OFFICE_APPS = (
    "core",
    "governance",
    "training",
    "website",
    "scorecards",
    "learning",
    "restraint",
    "tools",
    "reports",
    "wagtaildocs",
    "wagtailimages",
    "wagtailredirects",
)

STANDARD_ROLES: tuple[StandardRole, ...] = (
    StandardRole(
        PRACTITIONER, "Practitioner", "Works in a partner agency; books training and uses practitioner tools."
    ),
    StandardRole(LINE_MANAGER, "Line manager", "Approves bookings for their staff and receives impact follow-ups."),
    StandardRole(
        SPOC,
        "Single point of contact",
        "Submits the agency's performance returns, assurance reports and Section 11 self-assessment.",
        agency_scoped=True,
    ),
    StandardRole(
        BUSINESS_UNIT,
        "Business unit",
        "Partnership business unit staff: run content, programme, data collection, audits, reviews and reports.",
        requires_two_factor=True,
        permission_apps=BACK_OFFICE_APPS,
        extra_permissions=(
            "wagtailadmin.access_admin",
            # The case review module's rules, not its records (decision 0014).
            "reviews.add_clockrule",
            "reviews.change_clockrule",
            "reviews.delete_clockrule",
            "reviews.view_clockrule",
            "reviews.change_retentionrule",
            "reviews.view_retentionrule",
            "reviews.change_reviewsettings",
        ),
        wagtail_tree_permissions=True,
    ),
    StandardRole(TRAINER, "Trainer", "Delivers courses; sees own events, registers and evaluations."),
    StandardRole(EXECUTIVE, "Executive", "Lead safeguarding partner or delegate: dashboards and decisions."),
    StandardRole(
        SCRUTINEER,
        "Independent scrutineer",
        "Reads across the partnership (no identifiable case data), keeps the challenge log.",
    ),
    StandardRole(
        REVIEWS_PANEL,
        "Case review panel",
        "Sees serious incident notifications, rapid reviews and practice reviews.",
        requires_two_factor=True,
    ),
    StandardRole(
        REVIEWS_CHAIR,
        "Case review panel chair",
        "Chairs the case review panel: everything a panel member sees, and who has viewed each review record.",
        requires_two_factor=True,
    ),
    StandardRole(
        CDOP_PANEL,
        "Child death overview panel",
        "Sees child death review records.",
        requires_two_factor=True,
    ),
    StandardRole(
        CDOP_CHAIR,
        "Child death overview panel chair",
        "Chairs the child death overview panel: everything a member sees, and who has viewed each record.",
        requires_two_factor=True,
    ),
    StandardRole(
        CDOP_EXPORTER,
        "Child death data exporter",
        "A child death overview panel member who may export completed reviews for the national database.",
        requires_two_factor=True,
        extra_permissions=("reviews.export_childdeath",),
    ),
    StandardRole(
        RESTRAINT_RECORDER,
        "Secure home staff",
        "Records the home's uses of restraint and sends its monthly return; sees the home's own incidents.",
        agency_scoped=True,
        requires_two_factor=True,
    ),
    StandardRole(
        RESTRAINT_REVIEWER,
        "Restraint scrutiny reviewer",
        "Sees restraint incidents and figures, draws random samples and records CCTV reviews.",
        requires_two_factor=True,
    ),
)


def _permissions_for(standard: StandardRole) -> list[Permission]:
    permissions = list(Permission.objects.filter(content_type__app_label__in=standard.permission_apps))
    for dotted in standard.extra_permissions:
        app_label, codename = dotted.split(".", 1)
        permissions.extend(Permission.objects.filter(content_type__app_label=app_label, codename=codename))
    return permissions


# Wagtail grants page, document and image rights per place in the page tree and per collection,
# not through model permissions: a group needs them on the root page and the root collection.
# "Bulk delete" (a page with all its children in one step) stays with administrators.
PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = (
    ("wagtaildocs", ("add_document", "change_document", "delete_document", "choose_document")),
    ("wagtailimages", ("add_image", "change_image", "delete_image", "choose_image")),
)


def _grant_tree_permissions(group: Group) -> None:
    """Give ``group`` every page right on the root page and document and image rights on the root collection.

    Only adds what is missing, so it is safe to run after every migrate.
    """
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    if root_page is not None:
        page_permissions = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=PAGE_PERMISSIONS
        )
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=root_page, permission=permission)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for app_label, codenames in COLLECTION_PERMISSIONS:
            for permission in Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def ensure_standard_roles() -> None:
    """Create any missing standard role and grant its group the permissions it needs.

    Existing roles keep their names and descriptions; permissions are only ever added, so a
    permission staff removed by hand comes back only if the standard definition still names it.
    """
    from hub.core.models import Role

    with transaction.atomic():
        for standard in STANDARD_ROLES:
            role, _ = Role.objects.get_or_create(
                slug=standard.slug,
                defaults={
                    "name": standard.name,
                    "description": standard.description,
                    "agency_scoped": standard.agency_scoped,
                    "requires_two_factor": standard.requires_two_factor,
                },
            )
            if standard.permission_apps or standard.extra_permissions:
                if role.permission_group_id is None:
                    group, _ = Group.objects.get_or_create(name=role.name)
                    role.permission_group = group
                    role.save(update_fields=["permission_group"])
                role.permission_group.permissions.add(*_permissions_for(standard))
                if standard.wagtail_tree_permissions:
                    _grant_tree_permissions(role.permission_group)


def migrated_everything(app_config, using: str, *models) -> bool:
    """For post_migrate receivers: whether this signal is the last app's and ``models`` have tables.

    post_migrate fires once per app, so a receiver that needs every app's permissions acts on the
    last one. ``migrate <app>`` on a new database sends it too, before other apps have tables.
    """
    from django.apps import apps
    from django.db import connections

    configs = [config for config in apps.get_app_configs() if config.models_module is not None]
    if not configs or app_config is not configs[-1]:
        return False
    tables = set(connections[using].introspection.table_names())
    return all(model._meta.db_table in tables for model in models)


def ensure_standard_roles_after_migrate(sender, app_config=None, using="default", **kwargs) -> None:
    from hub.core.models import Role

    if migrated_everything(app_config, using, Role, Group, Permission):
        ensure_standard_roles()
