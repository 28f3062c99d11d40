from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hub.reports"
    label = "reports"
    verbose_name = "Yearly report"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core.permissions import can_read_across_partnership
        from hub.core.registry import NavigationItem, registry

        if not any(item.url_name == "reports:index" for item in registry.navigation):
            registry.register_navigation(
                NavigationItem(
                    label="Yearly report", url_name="reports:index", visible=can_read_across_partnership, order=49
                )
            )
