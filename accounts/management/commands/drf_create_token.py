"""`drf_create_token USERNAME [-r]`, the command of DRF's authtoken app that API.md tells operators
to use, kept for their scripts: it now creates an accounts.ApiToken (see api_token) and prints the
key in DRF's words. `-r` revokes the user's other tokens first."""

from accounts.management.commands.api_token import Command as ApiTokenCommand


class Command(ApiTokenCommand):
    help = "Create an API token for USERNAME (like api_token, in DRF's words). -r revokes their other tokens first."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("-r", "--reset", action="store_true", help="Revoke the user's other API tokens first.")

    def handle(self, *args, username, reset, **options):
        user = self.user(username)
        if reset:
            user.revoke_all_api_tokens()
        key = user.issue_api_token(name="manage.py drf_create_token")
        self.stdout.write(f"Generated token {key} for user {username}")
