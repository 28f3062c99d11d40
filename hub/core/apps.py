from django.apps import AppConfig
from django.db.models.signals import post_migrate
from wagtail.users import apps as wagtail_users_apps


class CoreConfig(AppConfig):
    name = "hub.core"
    label = "core"
    verbose_name = "Partnership"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core import actions_registry, checks, roles, signals  # noqa: F401

        # The standard roles must exist in every installation, as Django's own permissions do;
        # creating them after each migrate is the same documented extension point Django uses.
        post_migrate.connect(roles.ensure_standard_roles_after_migrate, dispatch_uid="hub.core.ensure_roles")
        actions_registry.register()
        from hub.core.tokens import register_account_section

        register_account_section()
        # Demo partnership (load_demo)
        from hub.core import demo
        from hub.core.registry import registry

        registry.register_demo_loader("core", demo.load, order=10)
        from hub.core import reports

        registry.register_report_sections("core", reports.report_sections)


# Staff back office: Wagtail's user views replaced by the partnership's People views. Listed in
# INSTALLED_APPS in place of "wagtail.users"; ``default = False`` keeps CoreConfig the app's config.
class HubUsersConfig(wagtail_users_apps.WagtailUsersAppConfig):
    default = False
    user_viewset = "hub.core.viewsets.PersonViewSet"
