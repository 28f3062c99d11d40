"""Build the demo partnership and print its logins: ``python manage.py load_demo``.

Every app's demo loader (``registry.demo_loaders``) runs in order, each in its own transaction,
so a failure leaves earlier apps' demo data in place and rolls back only the failing app's part.
Loaders are idempotent: running the command again changes nothing.
"""

import logging

from django.core.management.base import BaseCommand
from django.db import transaction

from hub.core.demo import login_lines
from hub.core.registry import registry


class Command(BaseCommand):
    help = "Builds the demo partnership (safe to run again: nothing is duplicated) and prints the demo logins."

    def handle(self, *args, **options):
        # Each loader says what it did in a line or two; the per-record log lines of background
        # tasks and page publishing would bury the logins printed at the end.
        logging.disable(logging.INFO)
        try:
            for _order, app_label, loader in registry.demo_loaders:
                self.stdout.write(f"Demo data: {app_label}")
                with transaction.atomic():
                    loader(lambda line: self.stdout.write(f"  {line}"))
        finally:
            logging.disable(logging.NOTSET)
        for line in login_lines():
            self.stdout.write(line)
