"""Reminder pages: the bell's list, preferences, acknowledgements, the calendar feed, /healthz.
Thin: find what the user may touch (404 otherwise), validate once, call one verb, redirect."""

import re

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.celery import enqueue_on_commit
from permits.models import Deadline
from reminders import services
from reminders.calendar import user_calendar
from reminders.delivery import reminder_from_token
from reminders.forms import ReminderPreferenceForm
from reminders.health import health
from reminders.models import Acknowledgement, Notification, ReminderPreference
from reminders.tasks import sync_user

NOTIFICATIONS_PER_PAGE = 25
# accounts.models.new_calendar_token: URL-safe base64.
CALENDAR_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _pk(value) -> int:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < pk < 2**63:
        raise Http404
    return pk


def _back(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


# --- notifications ------------------------------------------------------------------------------


@login_required
@require_GET
def notification_list(request):
    notifications = Notification.objects.visible_to(request.user).for_bell()
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    asked = [n.deadline_id for n in page if n.asks_acknowledgement and n.deadline_id]
    acknowledged = set(
        Acknowledgement.objects.filter(deadline_id__in=asked, user=request.user).values_list("deadline_id", flat=True)
    )
    return render(request, "reminders/notification_list.html", {"page": page, "acknowledged": acknowledged})


@login_required
@require_GET
def notification_open(request):
    """Follow a notification's link, marking it read on the way."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=_pk(request.GET.get("n")))
    Notification.objects.filter(pk=notification.pk).mark_read()
    return redirect(notification.url or reverse("reminders:notifications"))


@login_required
@require_POST
def notifications_read(request):
    mine = Notification.objects.visible_to(request.user)
    if request.POST.get("all"):
        count = mine.mark_read()
        if count:
            messages.success(request, _("All notifications are marked as read."))
    else:
        get_object_or_404(mine, pk=_pk(request.POST.get("notification")))
        mine.filter(pk=_pk(request.POST.get("notification"))).mark_read()
    return redirect(_back(request, reverse("reminders:notifications")))


# --- acknowledging -------------------------------------------------------------------------------


@login_required
@require_POST
def acknowledge_in_app(request):
    deadline = get_object_or_404(Deadline.objects.visible_to(request.user), pk=_pk(request.POST.get("deadline")))
    if not services.may_acknowledge(deadline=deadline, user=request.user):
        raise Http404
    services.deadline_acknowledge(deadline=deadline, user=request.user, via=Acknowledgement.Via.APP)
    message = _("Thank you: your group knows you have “%(deadline)s” in hand.") % {"deadline": deadline.label}
    messages.success(request, message)
    return redirect(_back(request, reverse("reminders:notifications")))


@require_http_methods(["GET", "POST"])
def acknowledge_link(request):
    """The link in a reminder email. The signed token is the credential (no log-in needed on a
    phone). GET only shows a button: mail scanners open links, and must not acknowledge for anyone."""
    token = request.POST.get("t") or request.GET.get("t") or ""
    reminder = reminder_from_token(token)
    if reminder is None:
        return render(request, "reminders/acknowledge_invalid.html", status=404)
    deadline = reminder.deadline
    # The same rule as the page's button (services.may_acknowledge), asked now, not when the email
    # went out: a volunteer removed from the appeal since then holds a link that no longer works.
    if not services.may_acknowledge(deadline=deadline, user=reminder.recipient):
        return render(request, "reminders/acknowledge_invalid.html", status=404)
    done = Acknowledgement.objects.filter(deadline=deadline, user=reminder.recipient).exists()
    if request.method == "POST" and not done:
        services.deadline_acknowledge(deadline=deadline, user=reminder.recipient, via=Acknowledgement.Via.EMAIL)
        done = True
    context = {
        "token": token,
        "deadline": deadline,
        "done": done,
        # Names only for the person themself: anyone holding the link sees just the date.
        "show_names": request.user.is_authenticated and request.user.pk == reminder.recipient_id,
    }
    return render(request, "reminders/acknowledge.html", context)


# --- preferences and the calendar --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    if request.method == "POST":
        form = ReminderPreferenceForm(request.POST, instance=ReminderPreference.for_user(request.user))
        if form.is_valid():
            preference = form.save()
            enqueue_on_commit(sync_user, request.user.pk, preference.updated_at.isoformat())
            messages.success(request, _("Your reminder settings are saved."))
            return redirect(reverse("profile") + "#reminders")
        return render(request, "reminders/preferences.html", {"form": form}, status=400)
    preference = ReminderPreference.for_user(request.user)
    return render(request, "reminders/preferences.html", {"form": ReminderPreferenceForm(instance=preference)})


@login_required
@require_POST
def calendar_regenerate(request):
    services.calendar_token_regenerate(user=request.user)
    messages.success(request, _("Your calendar has a new address. The old one no longer works: update your phone."))
    return redirect(reverse("profile") + "#calendar")


@never_cache
@require_GET
def calendar_feed(request, token):
    """The private feed: its token is the credential; an unknown or replaced token is a 404."""
    if not CALENDAR_TOKEN.fullmatch(token):
        raise Http404  # not one we could have made (and a NUL byte would upset PostgreSQL)
    user = get_object_or_404(get_user_model(), calendar_token=token, is_active=True)
    response = HttpResponse(user_calendar(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ruqsat.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


# --- health -----------------------------------------------------------------------------------------


@never_cache
@require_GET
def healthz(request):
    healthy, report = health()
    report["checked_at"] = timezone.now().isoformat()
    return JsonResponse(report, status=200 if healthy else 503)
