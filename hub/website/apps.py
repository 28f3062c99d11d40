from django.apps import AppConfig


class WebsiteConfig(AppConfig):
    name = "hub.website"
    label = "website"
    verbose_name = "Website"
    default_auto_field = "django.db.models.BigAutoField"
