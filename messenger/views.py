import json
import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from messenger.bot_api import enabled
from messenger.updates import handle_update

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name, not a secret)
# Telegram's updates are small; anything bigger is not from it.
MAX_UPDATE_BYTES = 256 * 1024


@csrf_exempt  # Telegram cannot send a CSRF token; the secret header is the proof of origin.
@require_POST
def webhook(request):
    """Updates from Telegram (setWebhook with secret_token). Without the right secret header the body
    is not read at all."""
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    if not enabled() or not secret or not constant_time_compare(request.headers.get(SECRET_HEADER, ""), secret):
        return HttpResponseForbidden()
    if int(request.headers.get("Content-Length") or 0) > MAX_UPDATE_BYTES:
        return JsonResponse({"detail": "too large"}, status=413)
    try:
        update = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"detail": "not JSON"}, status=400)
    try:
        handle_update(update)
    except Exception:
        # Telegram re-sends an update that was not answered 200, again and again: one that breaks
        # the handler is logged and dropped rather than retried for a day.
        logger.exception("telegram: an update could not be handled")
    return HttpResponse(status=200)
