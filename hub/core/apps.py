from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "hub.core"
    label = "core"
    verbose_name = "Partnership"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core import checks, roles, signals  # noqa: F401

        # The standard roles must exist in every installation, as Django's own permissions do;
        # creating them after each migrate is the same documented extension point Django uses.
        post_migrate.connect(roles.ensure_standard_roles_after_migrate, dispatch_uid="hub.core.ensure_roles")
