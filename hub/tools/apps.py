from django.apps import AppConfig


class ToolsConfig(AppConfig):
    name = "hub.tools"
    label = "tools"
    verbose_name = "Practitioner tools"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core.registry import NavigationItem, registry
        from hub.tools import demo, reports, topics

        if not any(item.url_name == "tools:index" for item in registry.navigation):
            registry.register_navigation(
                NavigationItem(label="Practitioner tools", url_name="tools:index", visible=lambda user: True, order=35)
            )
        registry.register_demo_loader("tools", demo.load, order=70)
        registry.register_report_sections("tools", reports.report_sections)
        registry.register_theme_items("tools", topics.tools_for_theme)
