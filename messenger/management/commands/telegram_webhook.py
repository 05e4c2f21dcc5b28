from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from messenger.bot_api import BotAPI, TelegramError, enabled


class Command(BaseCommand):
    help = (
        "Tell Telegram where to post the bot's updates: SITE_URL + /telegram/webhook/, with "
        "TELEGRAM_WEBHOOK_SECRET as the header it sends along. Run it once after deploying, and again "
        "when SITE_URL or the secret changes. --delete stops the updates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the webhook instead.")

    def handle(self, *args, delete=False, **options):
        if not enabled():
            raise CommandError("TELEGRAM_BOT_TOKEN is not set: this site has no bot (see README, Telegram).")
        url = settings.SITE_URL.rstrip("/") + reverse("messenger:telegram_webhook")
        # Telegram posts only to HTTPS addresses; saying so here beats its terse "bad webhook".
        if not delete and not url.startswith("https://"):
            raise CommandError(f"Telegram posts updates only to https:// addresses; SITE_URL gives {url}.")
        try:
            with BotAPI() as api:
                if delete:
                    api.delete_webhook()
                else:
                    api.set_webhook(url, settings.TELEGRAM_WEBHOOK_SECRET)
        except TelegramError as error:
            # The error names the method and Telegram's answer, never the token (bot_api.BotAPI.call).
            raise CommandError(f"Telegram refused: {error}") from None
        if delete:
            self.stdout.write("The webhook is removed: Telegram keeps the bot's updates until it is set again.")
        else:
            self.stdout.write(f"Telegram will post the bot's updates to {url}")
