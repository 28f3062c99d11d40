"""Re-encrypt every encrypted field under the current ``FIELD_ENCRYPTION_KEY`` (after a key rotation)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from hub.reviews import crypto
from hub.reviews.models import ChildDeath


class Command(BaseCommand):
    help = "Re-encrypts stored NHS numbers under the current FIELD_ENCRYPTION_KEY, after a key rotation."

    def handle(self, *args, **options):
        changed = 0
        with transaction.atomic():
            for death in ChildDeath.objects.exclude(nhs_number_encrypted="").select_for_update().order_by("pk"):
                death.nhs_number_encrypted = crypto.rotate(death.nhs_number_encrypted)
                ChildDeath.objects.filter(pk=death.pk).update(nhs_number_encrypted=death.nhs_number_encrypted)
                changed += 1
        self.stdout.write(f"{changed} NHS numbers re-encrypted under the current key.")
