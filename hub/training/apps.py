from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "hub.training"
    label = "training"
    verbose_name = "Training"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The audit trail's event names are registered beside the workflows that write them
        # (importing services registers them).
        # Programme (public list, course and event pages) and the events API ------------------
        from hub.core.api import add_router
        from hub.core.registry import ContentSource, NavigationItem, registry
        from hub.training import (
            api,
            services,  # noqa: F401
        )
        from hub.training.views import programme

        if not any(item.url_name == "training:programme" for item in registry.navigation):
            registry.register_navigation(
                NavigationItem(label="Training", url_name="training:programme", visible=lambda user: True, order=30)
            )
        registry.register_theme_items("training", programme.courses_for_theme)
        registry.register_content_source(
            ContentSource(
                kind="training.course",
                label="Course",
                choices=programme.course_choices,
                resolve=programme.resolve_courses,
            )
        )
        api.register(add_router)
        from hub.training import caching

        caching.connect_signals()
        # End of programme registrations -------------------------------------------------------
        # Register and charges; evaluation, certificates and impact ----------------------------
        from hub.training import impact
        from hub.training.views import evaluation, register

        if register.registers_section not in registry.account_sections:
            registry.register_account_section(register.registers_section)
        if evaluation.follow_up_section not in registry.account_sections:
            registry.register_account_section(evaluation.follow_up_section)
        registry.register_periodic_job(
            "training.impact_follow_up",
            impact.run_follow_up_job,
            description="Asks delegates how a course changed their practice, some months after it (Impact Forum).",
        )
        # End of register, evaluation and impact registrations ---------------------------------
        # Booking and the account page: the "Your training" card -------------------------------
        from hub.training.views import account

        if account.your_training_section not in registry.account_sections:
            registry.register_account_section(account.your_training_section)
        # End of booking and account registrations ----------------------------------------------
        # Scheduled jobs and the demo ------------------------------------------------------------
        from hub.training import demo, jobs

        registry.register_periodic_job(
            "training.expire_offers",
            jobs.expire_offers,
            description="Expires offered places nobody took up in time and offers them to the next person waiting.",
        )
        registry.register_periodic_job(
            "training.send_reminders",
            jobs.send_reminders,
            description="Sends course reminders two weeks, five days and the day before (each once).",
        )
        registry.register_demo_loader("training", demo.load, order=30)
        # End of scheduled jobs and the demo ----------------------------------------------------
        # Reports: the training part of the yearly report -----------------------------------
        from hub.training import reports as training_reports

        registry.register_report_sections("training", training_reports.report_sections)
        # End of reports registrations ------------------------------------------------------
        # Action outputs: courses made in response to tracker actions -------------------------
        from hub.training import outputs

        registry.register_action_outputs("training", outputs.outputs_for_actions)
