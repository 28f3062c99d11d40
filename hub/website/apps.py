from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "hub.website"
    label = "website"
    verbose_name = "Website"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core.registry import registry
        from hub.website import demo

        registry.register_demo_loader("website", demo.load, order=15)
        # Bulletins pick courses, so they come after the other modules' demo data.
        registry.register_demo_loader("website", demo.load_bulletins, order=85)

        # Page types: the menu, what topic pages gather, where the main pages are
        from hub.website import pages

        registry.register_theme_items("website", pages.website_items_for_theme)
        pages.register_navigation()
        pages.connect_signals()
        # End of page types

        # Site search: resources re-indexed when their file or a theme changes
        from hub.website import search

        search.connect_signals()

        # Resource library: the yearly report's briefing and download figures
        from hub.website import reports

        registry.register_report_sections("website", reports.report_sections)

        # Briefings and resources made in response to tracker actions
        from hub.website import outputs

        registry.register_action_outputs("website", outputs.outputs_for_actions)

        # Editorial workflow, scheduled publishing and the anonymous page cache
        from django.db.models.signals import post_migrate

        from hub.website import cache, workflow

        # The second-editor workflow must exist on every installation, not only in the demo.
        post_migrate.connect(workflow.ensure_review_workflow_after_migrate, dispatch_uid="hub.website.review_workflow")
        registry.register_periodic_job(
            "website.publish_scheduled",
            workflow.publish_scheduled,
            description="Publishes pages whose go-live time has come and unpublishes expired ones.",
        )
        cache.connect_signals()

        # E-bulletins: resume sends whose worker stopped, forget old unconfirmed subscription requests
        from hub.website import bulletins

        registry.register_periodic_job(
            "website.bulletin_upkeep",
            bulletins.bulletin_upkeep,
            description="Resumes e-bulletin sends that stopped and forgets unconfirmed requests after 30 days.",
        )
        # End of e-bulletins
