from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "hub.reviews"
    label = "reviews"
    verbose_name = "Case reviews"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core.registry import NavigationItem, registry
        from hub.reviews import access, demo, jobs, registration, reports

        if not any(item.url_name == "reviews:overview" for item in registry.navigation):
            registry.register_navigation(
                NavigationItem(
                    label="Case reviews", url_name="reviews:overview", visible=access.is_panel_member, order=47
                )
            )
        if not any(item.url_name == "reviews:child-deaths" for item in registry.navigation):
            registry.register_navigation(
                NavigationItem(
                    label="Child deaths", url_name="reviews:child-deaths", visible=access.is_cdop_member, order=47
                )
            )
        registry.register_demo_loader("reviews", demo.load, order=75)
        registry.register_report_sections("reviews", reports.report_sections)
        jobs.register(registry)
        registration.register(registry)
