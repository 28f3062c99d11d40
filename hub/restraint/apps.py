from django.apps import AppConfig


class RestraintConfig(AppConfig):
    name = "hub.restraint"
    label = "restraint"
    verbose_name = "Restraint scrutiny"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core.registry import NavigationItem, registry
        from hub.restraint import access, demo, jobs, registration, reports

        if not any(item.url_name == "restraint:overview" for item in registry.navigation):
            registry.register_navigation(
                NavigationItem(
                    label="Restraint", url_name="restraint:overview", visible=access.sees_restraint, order=48
                )
            )
        registry.register_demo_loader("restraint", demo.load, order=70)
        registry.register_report_sections("restraint", reports.report_sections)
        jobs.register(registry)
        registration.register(registry)
