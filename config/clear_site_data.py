"""`Clear-Site-Data: "cache", "storage"` on the answer to every log-out.

Whoever takes the phone after its owner logged out finds nothing of Ruqsat's in the browser: the
header makes it drop the HTTP cache (config/cache_control.py already keeps pages out of it), and the
service worker with the offline page it stores (config/pwa.py), local storage and IndexedDB. Every
way out says so — allauth's log-out, "log out everywhere", deleting the account — because each of
them calls django.contrib.auth.logout, which sends user_logged_out with the request: the receiver
marks the request and the middleware puts the header on its response. Cookies are not cleared: the
log-out already ended the session, and the language cookie is not the group's.

Browsers honour the header only over HTTPS (and on localhost)."""

from django.contrib.auth.signals import user_logged_out

CLEAR_SITE_DATA = '"cache", "storage"'
_MARK = "_ruqsat_logged_out"


def _mark_logged_out(sender, request, **kwargs):
    if request is not None:
        setattr(request, _MARK, True)


def connect():
    user_logged_out.connect(_mark_logged_out, dispatch_uid="config.clear_site_data")


class ClearSiteDataOnLogoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _MARK, False):
            response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response
