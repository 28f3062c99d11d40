"""Create an API token for a person, or for an agency on a person's behalf, and print it once."""

from django.core.management.base import BaseCommand, CommandError

from hub.core.errors import DomainError
from hub.core.models import Agency, User, normalise_email
from hub.core.tokens import create_api_token


class Command(BaseCommand):
    help = (
        "Create an API token for the person with this e-mail address and print its secret once. "
        "With --agency the token acts for that agency; the person must be its single point of contact "
        "or work in the business unit."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="E-mail address of the person who will hold the token.")
        parser.add_argument("--agency", metavar="CODE", help="Short code of the agency an agency token acts for.")
        parser.add_argument(
            "--name", default="", help="What the token is for (default: 'Created on the command line')."
        )

    def handle(self, *args, email, agency=None, name="", **options):
        user = User.objects.filter(email=normalise_email(email)).select_related("agency").first()
        if user is None:
            raise CommandError(
                f"Nobody has the e-mail address {email!r}. Check the address or create the account first."
            )
        if not user.is_active:
            raise CommandError(f"The account {user.email} is closed, so it cannot hold API tokens.")
        token_agency = None
        if agency:
            token_agency = Agency.objects.filter(short_code__iexact=agency.strip()).first()
            if token_agency is None:
                codes = ", ".join(Agency.objects.filter(is_active=True).values_list("short_code", flat=True))
                raise CommandError(f"No agency has the code {agency!r}. Known codes: {codes or 'none yet'}.")
        try:
            token, secret = create_api_token(
                actor=None,
                owner=user,
                name=name.strip() or "Created on the command line",
                agency=token_agency,
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        kind = f"agency token for {token_agency.name}" if token_agency else "personal token"
        self.stderr.write(f"Created {kind} ‘{token.name}’ for {user.email}. Copy the token now; it is not shown again:")
        self.stdout.write(secret)
