from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from accounts import login_lock
from accounts.forms import ApiTokenForm, ProfileForm
from organizations.two_factor import groups_requiring_two_factor, has_two_factor


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            user = form.save()
            if user.language:
                # The page after the redirect is already in the new language (UserLanguageMiddleware).
                translation.activate(user.language)
            messages.success(request, _("Your profile is saved."))
            response = redirect("profile")
            # The choice holds on this browser after logging out, too; none means the browser's own.
            if user.language:
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    user.language,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                    secure=settings.LANGUAGE_COOKIE_SECURE,
                    httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                )
            else:
                response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
            return response
    else:
        form = ProfileForm(instance=request.user)
    return profile_page(request, form=form)


def profile_page(request, *, form=None, token_form=None, new_api_token=None, status=200, **extra):
    """The profile page as an answer to a POST that shows something only once (a new API token, a
    Telegram deep link: messenger.views), or with a form's errors. `extra` goes to the template."""
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form or ProfileForm(instance=request.user),
            "api_tokens": request.user.api_tokens.all(),
            "api_token_form": token_form or ApiTokenForm(),
            "new_api_token": new_api_token,
            "has_two_factor": has_two_factor(request.user),
            "groups_requiring_two_factor": groups_requiring_two_factor(request.user),
            **extra,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def api_token_create(request):
    if request.method != "POST":
        # The address bar shows this URL after a token was created (see below): opening it again,
        # or switching the language there, lands on the profile, and creates nothing.
        return redirect(reverse("profile") + "#api-tokens")
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return profile_page(request, token_form=form, status=400)
    key = request.user.issue_api_token(name=form.cleaned_data["name"], days=form.cleaned_data["days"])
    messages.success(request, _("Your new API token is below. Copy it now: it is shown only once."))
    # The key is shown in the answer to this POST, not after a redirect: carried to the next page
    # in the session it would sit in the session table, and so in any backup of the database.
    # (The answer is no-store: the browser keeps no copy either.)
    return profile_page(request, new_api_token=key)


@login_required
def api_token_revoke(request, token_id):
    # Looked up before the method is checked: someone else's token is a 404 whatever the method,
    # so nobody learns from a 405 that a token with this id exists.
    if not request.user.api_tokens.filter(pk=token_id).exists():
        raise Http404  # someone else's token, or one already revoked
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    request.user.revoke_api_token(token_id)
    messages.success(request, _("Your API token is revoked. Programs using it can no longer sign in."))
    return redirect(reverse("profile") + "#api-tokens")


@require_POST
def set_language(request):
    """The navigation bar's language switcher. Django's own view sets the cookie; for a logged-in
    user the profile's language wins over the cookie (UserLanguageMiddleware), so save it there too."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def unlock_log_in(request, token):
    """The one-time link in the lock-out email. Opening it only asks: mail scanners open links, and
    must not spend it. Posting lifts the lock (accounts.login_lock.unlock)."""
    done = login_lock.unlock(token) if request.method == "POST" else None
    if done is False or (done is None and not login_lock.can_unlock(token)):
        return render(request, "account/unlock_invalid.html", status=404)
    return render(request, "account/unlock.html", {"token": token, "done": done})


@login_required
@require_POST
def log_out_everywhere(request):
    """End every session and API token of the user, this one included: for a phone that was lost
    or taken."""
    request.user.log_out_everywhere()
    logout(request)
    messages.success(
        request, _("You are logged out on every device and your API tokens are revoked. Log in again to continue here.")
    )
    return redirect("account_login")
