"""The shared vocabulary of the Hub: people, agencies, roles, themes, actions and the audit trail."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Group, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.search import index


def normalise_email(email: str) -> str:
    """E-mail addresses are compared and stored in lower case: sign-in is case-insensitive."""
    return (email or "").strip().lower()


class Agency(index.Indexed, models.Model):
    """An organisation in the partnership: a statutory partner or a relevant agency."""

    class Sector(models.TextChoices):
        LOCAL_AUTHORITY = "local-authority", "Local authority"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        CRIMINAL_JUSTICE = "criminal-justice", "Criminal justice"
        VOLUNTARY = "voluntary", "Voluntary and community"
        OTHER = "other", "Other"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, unique=True)
    short_code = models.SlugField(
        max_length=20,
        unique=True,
        help_text="A short code used in exports and the API, for example DCC or CDDFT.",
    )
    sector = models.CharField(max_length=30, choices=Sector.choices)
    is_statutory_partner = models.BooleanField(
        "statutory safeguarding partner",
        default=False,
        help_text="One of the safeguarding partners named in law (local authority, police, health).",
    )
    is_active = models.BooleanField(default=True)
    email_domains = models.CharField(
        max_length=500,
        blank=True,
        help_text="Work e-mail domains of this agency, separated by commas (for example durham.gov.uk). "
        "Practitioners registering with this agency must use one of them.",
    )
    history = HistoricalRecords()

    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("short_code")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split(",") if d.strip()]

    def accepts_email(self, email: str) -> bool:
        domains = self.domains
        return not domains or normalise_email(email).rsplit("@", 1)[-1] in domains


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(email=normalise_email(username))

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("Enter an e-mail address")
        user = self.model(email=normalise_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(index.Indexed, AbstractBaseUser, PermissionsMixin):
    """A person who signs in. Holds work contact details only."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("e-mail address", max_length=254, unique=True)
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="people")
    job_title = models.CharField(max_length=200, blank=True)
    work_phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the Django admin site.")
    date_joined = models.DateTimeField(default=timezone.now)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    search_fields = [
        index.SearchField("first_name"),
        index.SearchField("last_name"),
        index.SearchField("email"),
        index.AutocompleteField("first_name"),
        index.AutocompleteField("last_name"),
    ]

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="core_user_email_ci_unique")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name

    @property
    def full_name(self) -> str:
        return self.get_full_name()

    # Roles. Assignments are prefetched once per request by ``active_role_assignments``.
    def active_role_assignments(self) -> list[RoleAssignment]:
        if not self.is_authenticated or not self.pk:
            return []
        cached = getattr(self, "_role_assignments_cache", None)
        if cached is None:
            cached = list(self.role_assignments.select_related("role", "agency"))
            self._role_assignments_cache = cached
        return cached

    def forget_cached_roles(self) -> None:
        """Call after changing this person's role assignments within the same request."""
        self.__dict__.pop("_role_assignments_cache", None)

    def role_slugs(self) -> set[str]:
        return {assignment.role.slug for assignment in self.active_role_assignments()}

    def has_role(self, slug: str, *, agency: Agency | None = None) -> bool:
        for assignment in self.active_role_assignments():
            if assignment.role.slug == slug and (agency is None or assignment.agency_id == agency.pk):
                return True
        return False

    def agencies_with_role(self, slug: str) -> list[Agency]:
        return [a.agency for a in self.active_role_assignments() if a.role.slug == slug and a.agency_id]

    @property
    def requires_two_factor(self) -> bool:
        """Business-unit staff and restricted roles must use two-factor sign-in."""
        if self.is_superuser:
            return True
        return any(a.role.requires_two_factor for a in self.active_role_assignments())


class Role(models.Model):
    """A role people hold in the partnership. Roles are data: staff can add and change them.

    ``slug`` is how code asks about a role (``user.has_role("business-unit")``). A role's
    Django group carries the back-office permissions its holders get.
    """

    slug = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    agency_scoped = models.BooleanField(
        default=False, help_text="Held for a particular agency, for example single point of contact for an agency."
    )
    requires_two_factor = models.BooleanField(default=False)
    permission_group = models.OneToOneField(
        Group, on_delete=models.SET_NULL, null=True, blank=True, related_name="hub_role"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """A person holding a role, optionally for one agency (``SPOC for agency X``)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="assignments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "agency"], name="core_roleassignment_unique"),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(agency__isnull=True),
                name="core_roleassignment_unique_unscoped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} for {self.agency}" if self.agency_id else str(self.role)


class Theme(index.Indexed, models.Model):
    """A practice theme (Neglect, Voice of the child...) that tags work across every module."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    is_improvement_theme = models.BooleanField(
        "practice improvement theme",
        default=False,
        help_text="One of the partnership's current practice improvement priorities.",
    )
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@register_setting(icon="cog")
class PartnershipSettings(BaseGenericSetting):
    """Facts about the partnership itself, edited in the back office."""

    name = models.CharField(max_length=200, default="Safeguarding Children Partnership")
    short_name = models.CharField(max_length=30, default="SCP")
    area_name = models.CharField(max_length=100, blank=True, help_text="The local authority area served.")
    financial_year_start_month = models.PositiveSmallIntegerField(
        default=4, help_text="Month the partnership's year starts (4 for April)."
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    emergency_text = models.CharField(
        max_length=300,
        blank=True,
        default="If a child is in immediate danger, call 999.",
    )
    vision = models.TextField(blank=True)
    values = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "partnership settings"

    def clean(self):
        from django.core.exceptions import ValidationError

        if not 1 <= self.financial_year_start_month <= 12:
            raise ValidationError({"financial_year_start_month": "Enter a month from 1 to 12"})


class ActionQuerySet(models.QuerySet):
    def from_sources(self, model: type[models.Model], ids) -> ActionQuerySet:
        """Actions whose source is a ``model`` record with one of ``ids`` (a list or a values queryset)."""
        return self.filter(source_content_type=ContentType.objects.get_for_model(model), source_object_id__in=ids)

    def from_source(self, record: models.Model) -> ActionQuerySet:
        return self.from_sources(type(record), [record.pk])


class Action(models.Model):
    """One recommendation or action from any source, tracked to completion and impact."""

    class Status(models.TextChoices):
        NOT_STARTED = "not-started", "Not started"
        IN_PROGRESS = "in-progress", "In progress"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    class Rag(models.TextChoices):
        RED = "red", "Overdue"
        AMBER = "amber", "Due soon"
        GREEN = "green", "On track"
        COMPLETE = "complete", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    # An action due within this many days, or not updated for the second figure, shows amber.
    DUE_SOON_DAYS = 14
    STALE_DAYS = 90

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=20, unique=True, editable=False)
    title = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    source_content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    source_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_content_type", "source_object_id")
    source_label = models.CharField(
        max_length=300, blank=True, help_text="Where the action came from, as shown to people."
    )
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="actions")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_actions"
    )
    due_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)
    evidence = models.TextField("evidence of completion", blank=True)
    impact_note = models.TextField("impact", blank=True)
    theme = models.ForeignKey(Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "reference"]
        indexes = [
            models.Index(fields=["source_content_type", "source_object_id"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("core:action-detail", args=[self.uuid])

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.NOT_STARTED, self.Status.IN_PROGRESS}

    def rag(self, today: date | None = None) -> Action.Rag:
        """Red, amber or green, derived from status and dates; never typed in."""
        today = today or timezone.localdate()
        if self.status == self.Status.COMPLETED:
            return self.Rag.COMPLETE
        if self.status == self.Status.CANCELLED:
            return self.Rag.CANCELLED
        if self.due_on < today:
            return self.Rag.RED
        if self.due_on <= today + timedelta(days=self.DUE_SOON_DAYS):
            return self.Rag.AMBER
        if timezone.localdate(self.last_updated_at) < today - timedelta(days=self.STALE_DAYS):
            return self.Rag.AMBER
        return self.Rag.GREEN

    def is_overdue(self, today: date | None = None) -> bool:
        return self.rag(today) == self.Rag.RED


class ActionUpdate(models.Model):
    """A dated progress note on an action, with the status it moved to."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    note = models.TextField()
    status_before = models.CharField(max_length=20, choices=Action.Status.choices)
    status_after = models.CharField(max_length=20, choices=Action.Status.choices)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Update on {self.action.reference} at {self.created_at:%d %b %Y}"


class AuditEntry(models.Model):
    """An immutable record of a significant event: who did what to which record, and when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=300, blank=True)
    action = models.CharField(
        max_length=100, db_index=True, help_text="Dotted event name, for example core.action.updated."
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"


class ApiToken(models.Model):
    """A bearer token for the API: personal (acts as its user) or for an agency's systems.

    Only a SHA-256 digest of the secret is stored; the secret is shown once at creation.
    """

    PREFIX = "hub_"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(
        max_length=100, help_text="What the token is for, for example 'Case system nightly return'."
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hub_api_tokens")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="api_tokens",
        help_text="Set for an agency token: it acts for the agency, on behalf of the person who created it.",
    )
    key_prefix = models.CharField(max_length=12, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def digest(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def generate_secret(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
