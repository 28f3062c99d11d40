from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "hub.reports"
    label = "reports"
    verbose_name = "Yearly report"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core.permissions import can_read_across_partnership
        from hub.core.registry import NavigationItem, registry
        from hub.reports import demo

        if not any(item.url_name == "reports:index" for item in registry.navigation):
            registry.register_navigation(
                NavigationItem(
                    label="Yearly report", url_name="reports:index", visible=can_read_across_partnership, order=49
                )
            )
        if not any(label == "reports" for _, label, _ in registry.demo_loaders):
            # After every other app, so the figures the narrative names exist.
            registry.register_demo_loader("reports", demo.load, order=95)
