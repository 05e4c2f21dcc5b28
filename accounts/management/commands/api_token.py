from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print its key (only the key, on standard output, for "
        "scripts: TOKEN=$(python manage.py api_token asel)). The key is stored nowhere; revoke the "
        "token on the user's profile page."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="manage.py api_token", help="The name the profile page shows.")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Days until it expires (default API_TOKEN_LIFETIME_DAYS, now {settings.API_TOKEN_LIFETIME_DAYS}).",
        )

    def handle(self, *args, username, name, days, **options):
        user = self.user(username)
        try:
            key = user.issue_api_token(name=name, days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(key)

    def user(self, username):
        try:
            user = get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user is called {username!r}: no token was created.") from None
        if not user.is_active:
            raise CommandError(f"The user {username!r} is deactivated: no token was created.")
        return user
