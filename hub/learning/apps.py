from importlib import import_module

from django.apps import AppConfig

# The parts of the learning app, each a package with its own models, views, urls and tests.
AREAS = ("audits", "themes", "section11", "surveys", "assurance", "scrutiny")


class LearningConfig(AppConfig):
    name = "hub.learning"
    label = "learning"
    verbose_name = "Learning and improvement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core.registry import NavigationItem, registry
        from hub.learning import access, demo, reports

        if not any(item.url_name == "learning:home" for item in registry.navigation):
            registry.register_navigation(
                NavigationItem(label="Learning", url_name="learning:home", visible=access.sees_learning_menu, order=45)
            )
        for area in AREAS:
            import_module(f"hub.learning.{area}.registration").register(registry)
        registry.register_demo_loader("learning", demo.load, order=60)
        registry.register_report_sections("learning", reports.report_sections)
