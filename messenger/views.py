"""The webhook Telegram posts updates to, and the profile page's Telegram buttons (link, names in
messages, unlink). The buttons act on the logged-in person's own link only: there is no id to
change, and each is a POST with CSRF."""

import json
import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.views import profile_page
from messenger.api import LinkCreationThrottle
from messenger.bot_api import BotUnavailable, enabled
from messenger.services import telegram_link_start, telegram_show_details, telegram_unlink
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


# --- the profile page's Telegram section (messenger/templatetags/messenger_tags.py) ---------------


def _back_to_profile():
    return redirect(reverse("profile") + "#telegram")


def _with_a_bot(view):
    """Without a bot the section is not shown and its addresses do not exist."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@_with_a_bot
@require_http_methods(["GET", "HEAD", "POST"])
def telegram_link(request):
    if request.method != "POST":
        # The address bar shows this URL after a link was made: opening it again makes nothing.
        return _back_to_profile()
    # The API's limit, counted in the same bucket: the page is no way around it.
    if not LinkCreationThrottle().allow_request(request, None):
        messages.error(request, _("You asked for many Telegram links in a short time. Wait a while and try again."))
        return _back_to_profile()
    try:
        offer = telegram_link_start(user=request.user)
    except BotUnavailable:
        messages.error(request, _("Telegram cannot be reached right now. Try again in a minute."))
        return _back_to_profile()
    # Shown in the answer to this POST, not after a redirect: the token would otherwise sit in the
    # session table (as a new API token would: accounts.views.api_token_create).
    return profile_page(request, telegram_offer=offer)


@login_required
@_with_a_bot
@require_POST
def telegram_details(request):
    show = request.POST.get("show_details") == "on"
    if telegram_show_details(user=request.user, show=show) is None:
        messages.error(request, _("Your account has no Telegram link: link Telegram first."))
    elif show:
        messages.success(request, _("Telegram messages will name groups, applications and deadlines."))
    else:
        messages.success(request, _("Telegram messages will say only that something is due, with a link."))
    return _back_to_profile()


@login_required
@_with_a_bot
@require_POST
def telegram_unlink_view(request):
    if telegram_unlink(user=request.user):
        messages.success(request, _("Telegram is unlinked. Ruqsat sends nothing there any more."))
    return _back_to_profile()
