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
