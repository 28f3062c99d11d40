from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "hub.scorecards"
    label = "scorecards"
    verbose_name = "Scorecards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core.registry import NavigationItem, registry
        from hub.scorecards import (
            jobs,
            services,  # noqa: F401  (registers the audit events)
            views,
        )

        if not any(item.url_name == "scorecards:dashboard" for item in registry.navigation):
            registry.register_navigation(
                NavigationItem(
                    label="Performance",
                    url_name="scorecards:dashboard",
                    visible=lambda user: views.can_read_performance(user) or bool(views.spoc_agencies(user)),
                    order=40,
                )
            )
        if views.performance_section not in registry.account_sections:
            registry.register_account_section(views.performance_section)
        # Lines of enquiry ----
        from hub.scorecards import enquiry_views

        if enquiry_views.enquiries_section not in registry.account_sections:
            registry.register_account_section(enquiry_views.enquiries_section)
        # End of lines of enquiry
        registry.register_periodic_job(
            "scorecards.remind_spocs",
            jobs.send_reminders,
            description="Reminds SPOCs of returns due soon and of overdue returns (each once per period).",
        )
        registry.register_periodic_job(
            "scorecards.clear_uploads",
            jobs.clear_unconfirmed_uploads,
            description="Deletes uploaded return workbooks nobody confirmed within a week.",
        )
        from hub.scorecards import demo, reports

        registry.register_demo_loader("scorecards", demo.load, order=40)
        registry.register_report_sections("scorecards", reports.report_sections)
        # API ---------------------------------------------------------------------------------
        from hub.core.api import add_router
        from hub.scorecards import api

        api.register(add_router)
        # End of API
