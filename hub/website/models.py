"""The public website: page types, the resource library, What's New, e-bulletins and subscriptions.

Page types are Wagtail pages (draft, review, scheduled publishing and history come with them).
Records that are not pages (downloads, briefing use, subscriptions, bulletin deliveries) are
plain models beside them. The website never imports another app: topic pages and bulletins
reach courses and other content through ``hub.core.registry``.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractGroupApprovalTask, Orderable, Page
from wagtail.search import index

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"]


# Documents -----------------------------------------------------------------------------------


class HubDocument(AbstractDocument):
    """A Wagtail document that keeps the text inside it, so search finds words in PDFs and DOCX.

    The text is extracted when the file is uploaded (see ``hub.website.documents``); a file
    whose text cannot be read is refused at upload and never stored.
    """

    extracted_text = models.TextField(blank=True, editable=False)

    admin_form_fields = Document.admin_form_fields
    search_fields = [*AbstractDocument.search_fields, index.SearchField("extracted_text")]

    class Meta(AbstractDocument.Meta):
        verbose_name = "document"
        verbose_name_plural = "documents"

    def clean(self):
        # Wagtail checks the file's extension here; with no file (none chosen, or the form refused
        # the one chosen) the form has already said what is wrong, so say nothing more.
        if self.file:
            super().clean()

    @property
    def kind_label(self) -> str:
        """What kind of file it is, in words people know: "PDF", "Word document"."""
        from hub.core.uploads import ALL_TYPES

        extension = self.file_extension.lower()
        return next((kind.label for kind in ALL_TYPES if extension in kind.extensions), extension.upper() or "File")

    @property
    def size_label(self) -> str:
        """The file's size as GOV.UK writes it: "245 KB", "1.2 MB"."""
        size = self.file_size
        if size is None:
            try:
                size = self.file.size
            except (OSError, ValueError):
                return ""
        if size < 1024 * 1024:
            return f"{max(1, round(size / 1024))} KB"
        return f"{size / (1024 * 1024):.1f} MB"

    @property
    def description(self) -> str:
        """ "PDF, 245 KB" for a download link."""
        return ", ".join(part for part in (self.kind_label, self.size_label) if part)


# Settings ------------------------------------------------------------------------------------


@register_setting(icon="site")
class WebsiteSettings(BaseGenericSetting):
    """The "Worried about a child?" telephone numbers and how much the home page lists."""

    children_services_label = models.CharField(
        max_length=120, default="Children's services front door", help_text="Who the main number reaches."
    )
    children_services_phone = models.CharField(max_length=40, blank=True)
    children_services_hours = models.CharField(
        max_length=120, blank=True, default="Monday to Thursday, 8:30am to 5pm; Friday, 8:30am to 4:30pm"
    )
    out_of_hours_phone = models.CharField(
        max_length=40, blank=True, help_text="Emergency duty team, evenings, weekends and bank holidays."
    )
    police_non_emergency = models.CharField(max_length=40, blank=True, default="101")
    whats_new_count = models.PositiveSmallIntegerField("What's New items on the home page", default=4)
    popular_downloads_count = models.PositiveSmallIntegerField("popular downloads to list", default=5)
    popular_downloads_days = models.PositiveSmallIntegerField("count downloads over this many days", default=365)

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("children_services_label"), FieldPanel("children_services_phone")]),
                FieldPanel("children_services_hours"),
                FieldRowPanel([FieldPanel("out_of_hours_phone"), FieldPanel("police_non_emergency")]),
            ],
            heading="Worried about a child? contacts (the heading and text are on the home page)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("whats_new_count"),
                FieldPanel("popular_downloads_count"),
                FieldPanel("popular_downloads_days"),
            ],
            heading="Home page lists",
        ),
    ]

    class Meta:
        verbose_name = "website settings"


# Shared choices and blocks -------------------------------------------------------------------


class Audience(models.TextChoices):
    PROFESSIONALS = "professionals", "Professionals"
    PARENTS = "parents-carers", "Parents and carers"
    YOUNG_PEOPLE = "children-young-people", "Children and young people"


class AudienceFields(models.Model):
    """Who a resource, news item or subscription is for: any mix of the three audiences."""

    for_professionals = models.BooleanField("professionals", default=True)
    for_parents = models.BooleanField("parents and carers", default=False)
    for_young_people = models.BooleanField("children and young people", default=False)

    AUDIENCE_FIELDS = {
        Audience.PROFESSIONALS: "for_professionals",
        Audience.PARENTS: "for_parents",
        Audience.YOUNG_PEOPLE: "for_young_people",
    }

    class Meta:
        abstract = True

    @property
    def audiences(self) -> list[str]:
        return [Audience(a).label for a, name in self.AUDIENCE_FIELDS.items() if getattr(self, name)]


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Use for sites outside the partnership's.")
    title = blocks.CharBlock(required=False, help_text="Leave blank to use the page's title.")
    description = blocks.CharBlock(required=False)

    class Meta:
        icon = "link"
        template = "website/blocks/link.html"


def content_item_choices() -> list[tuple[str, str]]:
    """What other modules offer for editors to pick (upcoming courses...), read each time a form is shown."""
    from hub.core.registry import registry

    return registry.content_choices()


class ContentItemBlock(blocks.StructBlock):
    """An item another module offers through ``registry`` (a course, an event...), by its key.

    The key is resolved when the block is shown; an item that no longer exists (a deleted course)
    shows nothing. A page showing several such blocks resolves them all at once and passes the
    result down as ``resolved_content`` (see ``BulletinPage.get_context``).
    """

    item = blocks.ChoiceBlock(choices=content_item_choices, help_text="Chosen from the list the other modules offer.")

    class Meta:
        icon = "list-ul"
        template = "website/blocks/content_item.html"

    def get_context(self, value, parent_context=None):
        from hub.core.registry import registry

        context = super().get_context(value, parent_context=parent_context)
        key = value.get("item") or ""
        resolved = parent_context.get("resolved_content") if parent_context is not None else None
        if resolved is None:
            resolved = registry.resolve_content([key])
        context["content"] = resolved.get(key)
        return context


class StatutoryPartnersBlock(blocks.StaticBlock):
    """The statutory safeguarding partners, listed from the agency records so the list never drifts."""

    class Meta:
        icon = "group"
        label = "Statutory partners list"
        admin_text = "Lists the statutory safeguarding partners from the agency records (nothing to fill in)."
        template = "website/blocks/statutory_partners.html"

    def get_context(self, value, parent_context=None):
        from hub.core.models import Agency

        context = super().get_context(value, parent_context=parent_context)
        context["statutory_partners"] = list(
            Agency.objects.filter(is_statutory_partner=True, is_active=True).order_by("name").only("name")
        )
        return context


class BodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)
    inset = blocks.RichTextBlock(features=["bold", "link"], help_text="Shown indented, for a key point.")
    warning = blocks.CharBlock(help_text="Shown with a warning sign, for something people must not miss.")
    links = blocks.ListBlock(LinkBlock(), template="website/blocks/links.html")
    details = blocks.StructBlock(
        [("summary", blocks.CharBlock()), ("text", blocks.RichTextBlock(features=RICH_TEXT_FEATURES))],
        template="website/blocks/details.html",
        help_text="A question or heading people can open to read more.",
    )
    partners = StatutoryPartnersBlock()

    class Meta:
        template = "website/blocks/body.html"


class BasePage(Page):
    """Fields every editorial page shares: a short introduction and a body of blocks."""

    introduction = models.TextField(blank=True, help_text="One or two sentences under the title.")
    body = StreamField(BodyBlock(), blank=True, use_json_field=True)

    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]

    class Meta:
        abstract = True


# Page types ----------------------------------------------------------------------------------


class HomePage(Page):
    """The partnership's home page: who we are and where to get help."""

    introduction = models.TextField(blank=True, help_text="One or two sentences under the page title.")
    body = RichTextField(blank=True, features=RICH_TEXT_FEATURES)
    help_heading = models.CharField(max_length=120, default="Worried about a child?")
    help_text = RichTextField(blank=True, features=["bold", "link", "ul"])

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("help_heading"), FieldPanel("help_text")],
            heading="Worried about a child? panel",
            help_text=(
                "Shown first, under the title, after the emergency message and the telephone numbers "
                "from Settings > Website settings."
            ),
        ),
        FieldPanel("body", heading="About us"),
    ]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from hub.website import pages

        return {**super().get_context(request, *args, **kwargs), **pages.home_context(self, request)}


class ContentPage(BasePage):
    """A standard page of text: about us, the accessibility statement, privacy."""

    last_reviewed = models.DateField(null=True, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("last_reviewed")]

    class Meta:
        verbose_name = "content page"

    def get_context(self, request, *args, **kwargs):
        from hub.website import pages

        return {**super().get_context(request, *args, **kwargs), **pages.content_context(self, request)}


class AudiencePage(BasePage):
    """The way in for professionals, for parents and carers, or for children and young people."""

    audience = models.CharField(max_length=30, choices=Audience.choices, unique=True)

    content_panels = [*BasePage.content_panels[:1], FieldPanel("audience"), *BasePage.content_panels[1:]]
    parent_page_types = ["website.HomePage"]

    class Meta:
        verbose_name = "audience landing page"

    @property
    def shows_exit_this_page(self) -> bool:
        # Someone reading about abuse may need to leave quickly if they are overlooked.
        return self.audience in (Audience.PARENTS, Audience.YOUNG_PEOPLE)

    def get_context(self, request, *args, **kwargs):
        from hub.website import pages

        return {**super().get_context(request, *args, **kwargs), **pages.audience_context(self, request)}


class TopicIndexPage(BasePage):
    """Lists the topic pages."""

    max_count = 1
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.TopicPage"]

    class Meta:
        verbose_name = "topic index page"

    def get_context(self, request, *args, **kwargs):
        from hub.website import pages

        return {**super().get_context(request, *args, **kwargs), **pages.topic_index_context(self, request)}


class TopicPage(BasePage):
    """One practice theme: editorial text plus everything tagged with the theme, gathered automatically."""

    theme = models.OneToOneField("core.Theme", on_delete=models.PROTECT, related_name="topic_page")

    content_panels = [*BasePage.content_panels[:1], FieldPanel("theme"), *BasePage.content_panels[1:]]
    parent_page_types = ["website.TopicIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "topic page"

    def get_context(self, request, *args, **kwargs):
        from hub.website import pages

        return {**super().get_context(request, *args, **kwargs), **pages.topic_context(self, request)}


class ResourceLibraryPage(BasePage):
    """The resource library at /resources/: a filterable list of its child resource pages."""

    max_count = 1
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.ResourcePage"]

    class Meta:
        verbose_name = "resource library"

    def get_context(self, request, *args, **kwargs):
        from hub.website.library import library_page_context

        return {**super().get_context(request, *args, **kwargs), **library_page_context(self, request)}


class ResourcePage(AudienceFields, Page):
    """A resource: a 7-minute briefing, guidance, a tool, a leaflet... with a file or a link."""

    class ResourceType(models.TextChoices):
        SEVEN_MINUTE_BRIEFING = "seven-minute-briefing", "7-minute briefing"
        GUIDANCE = "guidance", "Guidance"
        TOOL = "tool", "Tool"
        LEAFLET = "leaflet", "Leaflet"
        POSTER = "poster", "Poster"
        VIDEO = "video", "Video"
        REVIEW_REPORT = "review-report", "Review report"
        ANNUAL_REPORT = "annual-report", "Annual report"
        PROCEDURE = "procedure", "Procedure"
        TEMPLATE = "template", "Template"

    resource_type = models.CharField(max_length=30, choices=ResourceType.choices)
    summary = models.TextField(help_text="What it is and who it helps, in two or three sentences.")
    themes = ParentalManyToManyField("core.Theme", blank=True, related_name="resource_pages")
    actions = ParentalManyToManyField(
        "core.Action",
        blank=True,
        related_name="resource_pages",
        help_text="Actions on the tracker this resource responds to, for example a review's recommendation to "
        "brief practitioners. Not shown to the public; the action's page lists the resource and how often "
        "teams used it.",
    )
    publication_date = models.DateField(default=timezone.localdate)
    review_date = models.DateField(null=True, blank=True, help_text="When the business unit should check it.")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    external_url = models.URLField(blank=True, help_text="For a resource held on another site, or a video.")
    body = StreamField(BodyBlock(), blank=True, use_json_field=True, help_text="Optional text shown on the page.")
    download_count = models.PositiveIntegerField(default=0, editable=False)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("resource_type"),
        index.FilterField("for_professionals"),
        index.FilterField("for_parents"),
        index.FilterField("for_young_people"),
        index.FilterField("publication_date"),
        index.RelatedFields("document", [index.SearchField("extracted_text")]),
        index.RelatedFields("themes", [index.SearchField("name")]),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("resource_type"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("for_professionals"), FieldPanel("for_parents"), FieldPanel("for_young_people")],
            heading="Audience",
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("actions", heading="Actions it responds to"),
        FieldRowPanel([FieldPanel("publication_date"), FieldPanel("review_date")]),
        FieldPanel("document"),
        FieldPanel("external_url"),
        FieldPanel("body"),
    ]
    parent_page_types = ["website.ResourceLibraryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "resource"
        indexes = [models.Index(fields=["resource_type", "publication_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_briefing(self) -> bool:
        return self.resource_type == self.ResourceType.SEVEN_MINUTE_BRIEFING

    def get_context(self, request, *args, **kwargs):
        from hub.website.library import resource_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(resource_page_context(self, request))
        return context

    def with_content_json(self, content):
        # Counting a download updates the live row only; publishing an older revision must not
        # turn the count back to what it was when the revision was saved.
        page = super().with_content_json(content)
        page.download_count = self.download_count
        return page


class ResourceDownloadDay(models.Model):
    """How many times a resource was downloaded on a day. No personal data is kept."""

    resource = models.ForeignKey(ResourcePage, on_delete=models.CASCADE, related_name="download_days")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "day"], name="one_download_row_per_resource_day")]
        indexes = [models.Index(fields=["day", "resource"])]

    def __str__(self) -> str:
        return f"{self.resource_id} on {self.day}: {self.count}"


class BriefingUse(models.Model):
    """A team recording that it used a 7-minute briefing, counted per briefing and per year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    briefing = models.ForeignKey(ResourcePage, on_delete=models.PROTECT, related_name="uses")
    team = models.CharField(max_length=200)
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="briefing_uses")
    staff_count = models.PositiveIntegerField("number of staff")
    used_on = models.DateField("date used")
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-used_on", "-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(staff_count__gte=1), name="briefing_use_has_staff")]

    def __str__(self) -> str:
        return f"{self.team} ({self.agency}) used {self.briefing.title} on {self.used_on:%-d %B %Y}"


class NewsIndexPage(BasePage):
    """What's New at /news/, with an Atom feed."""

    max_count = 1
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.NewsPage"]

    class Meta:
        verbose_name = "What's New index"

    def get_context(self, request, *args, **kwargs):
        from hub.website import pages

        return {**super().get_context(request, *args, **kwargs), **pages.news_index_context(self, request)}


class NewsPage(AudienceFields, BasePage):
    """One What's New item."""

    date = models.DateField(default=timezone.localdate)
    summary = models.CharField(max_length=300, help_text="Shown in lists, the feed and bulletins.")
    themes = ParentalManyToManyField("core.Theme", blank=True, related_name="news_pages")

    search_fields = [*BasePage.search_fields, index.SearchField("summary"), index.FilterField("date")]
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date")]),
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("for_professionals"), FieldPanel("for_parents"), FieldPanel("for_young_people")],
            heading="Audience",
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    parent_page_types = ["website.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "What's New item"
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return self.title

    def get_context(self, request, *args, **kwargs):
        from hub.website import pages

        return {**super().get_context(request, *args, **kwargs), **pages.news_context(self, request)}


class ProceduresPage(BasePage):
    """Where the multi-agency child protection procedures live, local documents, and what changed."""

    procedures_url = models.URLField(help_text="The online multi-agency procedures manual.")
    procedures_link_text = models.CharField(max_length=150, default="Multi-agency child protection procedures")
    themes = ParentalManyToManyField("core.Theme", blank=True, related_name="procedures_pages")

    content_panels = [
        *BasePage.content_panels[:2],
        FieldRowPanel([FieldPanel("procedures_url"), FieldPanel("procedures_link_text")]),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        InlinePanel("amendments", heading="Amendments log", label="amendment"),
    ]
    max_count = 1
    parent_page_types = ["website.HomePage"]

    class Meta:
        verbose_name = "procedures page"

    def get_context(self, request, *args, **kwargs):
        from hub.website import pages

        return {**super().get_context(request, *args, **kwargs), **pages.procedures_context(self, request)}


class ProcedureAmendment(Orderable):
    page = ParentalKey(ProceduresPage, on_delete=models.CASCADE, related_name="amendments")
    date = models.DateField()
    chapter = models.CharField(max_length=200)
    change = models.TextField("what changed")

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("chapter")]), FieldPanel("change")]

    class Meta(Orderable.Meta):
        ordering = ["-date", "sort_order"]


# E-bulletins ---------------------------------------------------------------------------------


class BulletinIndexPage(BasePage):
    """The bulletin archive at /bulletins/ and the way to subscribe."""

    max_count = 1
    parent_page_types = ["website.HomePage"]
    subpage_types = ["website.BulletinPage"]
    issues_per_page = 20

    class Meta:
        verbose_name = "bulletin archive"

    def get_context(self, request, *args, **kwargs):
        from hub.website.pages import breadcrumbs

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("crumbs", breadcrumbs(self, request))
        issues = BulletinPage.objects.live().public().child_of(self).order_by("-issue_date", "-pk")
        context["issues"] = Paginator(issues, self.issues_per_page).get_page(request.GET.get("page"))
        return context


class BulletinBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    news = blocks.PageChooserBlock(page_type="website.NewsPage", template="website/blocks/bulletin_page.html")
    resource = blocks.PageChooserBlock(page_type="website.ResourcePage", template="website/blocks/bulletin_page.html")
    item = ContentItemBlock()


class BulletinPage(BasePage):
    """One issue of the e-bulletin: editorial text and chosen content, on the web and by e-mail."""

    issue_date = models.DateField(default=timezone.localdate)
    items = StreamField(BulletinBlock(), blank=True, use_json_field=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("issue_date"),
        FieldPanel("introduction"),
        FieldPanel("items"),
    ]
    parent_page_types = ["website.BulletinIndexPage"]
    subpage_types: list[str] = []
    # Editors check the e-mail version in the preview panel before a test send.
    preview_modes = [("", "Web page"), ("email", "E-mail"), ("text", "E-mail as plain text")]

    class Meta:
        verbose_name = "bulletin issue"

    def content_item_keys(self) -> list[str]:
        """The registry keys of the items other modules offer (courses...) in this issue."""
        return [block.value["item"] for block in self.items if block.block_type == "item" and block.value["item"]]

    def get_context(self, request, *args, **kwargs):
        from hub.core.registry import registry
        from hub.website.pages import breadcrumbs

        context = super().get_context(request, *args, **kwargs)
        context.setdefault("crumbs", breadcrumbs(self, request))
        # Every course (or other module's item) in the issue in one look-up per kind.
        context["resolved_content"] = registry.resolve_content(self.content_item_keys())
        return context

    def serve_preview(self, request, mode_name):
        if mode_name in ("email", "text"):
            from hub.website.bulletins import preview_email

            return preview_email(bulletin=self, as_text=mode_name == "text")
        return super().serve_preview(request, mode_name)


class Subscription(AudienceFields, models.Model):
    """A person who asked for the e-bulletin, with double opt-in and their preferences."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField()
    themes = models.ManyToManyField(
        "core.Theme", blank=True, related_name="+", help_text="None chosen means every theme."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="one_subscription_per_email")]

    def __str__(self) -> str:
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class BulletinSend(models.Model):
    """Sending one bulletin issue to every active subscriber (or a test send to one address)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Finished with failures"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bulletin = models.ForeignKey(BulletinPage, on_delete=models.PROTECT, related_name="sends")
    is_test = models.BooleanField(default=False)
    test_address = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Only one real send per bulletin: sending it again must be a deliberate new issue.
            models.UniqueConstraint(
                fields=["bulletin"], condition=models.Q(is_test=False), name="one_real_send_per_bulletin"
            ),
            models.CheckConstraint(
                condition=models.Q(is_test=False) | ~models.Q(test_address=""), name="test_send_has_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{'Test send' if self.is_test else 'Send'} of {self.bulletin}"


class BulletinDelivery(models.Model):
    """One recipient of one send; the unique row is what stops a restarted task sending twice."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    send = models.ForeignKey(BulletinSend, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(Subscription, null=True, on_delete=models.SET_NULL, related_name="deliveries")
    email = models.EmailField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["send", "email"], name="one_delivery_per_send_and_address")]
        indexes = [models.Index(fields=["send", "status"])]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_status_display()}"


# Editorial workflow --------------------------------------------------------------------------


class SecondEditorApprovalTask(AbstractGroupApprovalTask):
    """Approval by a member of the chosen groups who is someone other than the page's author.

    Wagtail's group approval lets any group member approve, including the person who asked for
    the review. Here the person who submitted the page, and whoever wrote the revision being
    reviewed, get no approve or reject actions and cannot act through the admin's URLs either:
    a second editor must (see ``hub.website.workflow``).
    """

    class Meta:
        verbose_name = "second editor approval task"
        verbose_name_plural = "second editor approval tasks"

    def authors_of(self, obj) -> set[int]:
        """Who may not review ``obj``: whoever submitted it and whoever wrote its latest revision."""
        authors = set()
        state = obj.current_workflow_state
        if state is not None and state.requested_by_id:
            authors.add(state.requested_by_id)
        revision = obj.get_latest_revision()
        if revision is not None and revision.user_id:
            authors.add(revision.user_id)
        return authors

    def get_actions(self, obj, user):
        if user.pk in self.authors_of(obj):
            return []
        return super().get_actions(obj, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        # Checked again here: the editor may have saved changes in the same request (becoming the
        # author of the latest revision) before approving.
        if user.pk in self.authors_of(task_state.workflow_state.content_object):
            raise PermissionDenied("A second editor must review a page you submitted or changed.")
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve, but never the person who submitted or last changed the page"
