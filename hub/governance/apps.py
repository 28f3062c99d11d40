from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "hub.governance"
    label = "governance"
    verbose_name = "Governance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hub.core.registry import ActionFilter, registry
        from hub.governance import demo, views

        if views.your_groups_section not in registry.account_sections:
            registry.register_account_section(views.your_groups_section)
        registry.register_action_filter(
            ActionFilter(
                name="group",
                label="Group",
                choices=views.group_filter_choices,
                apply=views.filter_actions_by_group,
            )
        )
        if not any(label == "governance" for _, label, _ in registry.demo_loaders):
            registry.register_demo_loader("governance", demo.load, order=20)
        from hub.governance import reports

        registry.register_report_sections("governance", reports.report_sections)
