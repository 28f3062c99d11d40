from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The partnership's home page: who we are and where to get help."""

    introduction = models.TextField(blank=True, help_text="One or two sentences under the page title.")
    body = RichTextField(blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"])
    help_heading = models.CharField(max_length=120, default="Worried about a child?")
    help_text = RichTextField(blank=True, features=["bold", "link", "ul"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("help_heading"),
        FieldPanel("help_text"),
        FieldPanel("body"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "home page"
