"""Ruqsat on a phone's home screen: the web app manifest, the service worker and the offline page.

What a phone keeps. A seized phone must not hold the group's files, so the service worker stores the
offline page and the few static files it is drawn with — nothing else, ever: no page, no API answer,
no document (templates/config/service-worker.js). Every other response keeps the no-store rule of
config/cache_control.py. Logging out clears even that (config/clear_site_data.py).

The offline page is in the language of the visitor at the moment the worker installed: the worker
fetches it then, with the visitor's cookies, so LocaleMiddleware and the profile's language choose,
as for any page. Pages register the worker as /sw.js?lang=<the page's language>, and the script
names a version made from the offline page in that language and the precached files' addresses
(hashed by collectstatic). So when the visitor changes language the next page registers another
script URL, and when a deploy changes the page or a static file the browser's next check of the
script finds different bytes: either way a new worker installs, fetches the page again and drops
the old cache. (The language is in the URL rather than left to the script's own request, whose
cookies and Accept-Language are the browser's business.)
"""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

# The dark navbar's colour (Bootstrap's bg-dark), also the icons' background.
THEME_COLOR = "#212529"
# The splash screen's, before the first page draws: the pages' own background (static/css/ruqsat.css).
BACKGROUND_COLOR = "#f6f7f9"
# (static path, size in px, purpose): what the manifest lists and docs/draw_app_icons.py draws.
MANIFEST_ICONS = [
    ("img/app-icon-192.png", 192, "any"),
    ("img/app-icon-512.png", 512, "any"),
    ("img/app-icon-maskable-512.png", 512, "maskable"),
]
APPLE_TOUCH_ICON = ("img/apple-touch-icon.png", 180)
# The static files the offline page is drawn with (templates/config/offline.html loads no script).
OFFLINE_PAGE_STATIC = ["vendor/bootstrap/bootstrap.min.css", "css/ruqsat.css", "img/favicon.svg"]


# Nothing in it is personal, so a browser or proxy may keep it for a day; it follows the language
# chosen by cookie, profile (through the session cookie) or browser.
@require_safe
@cache_control(public=True, max_age=86400)
@vary_on_headers("Accept-Language", "Cookie")
def web_app_manifest(request):
    manifest = {
        "id": "/",
        "name": _("Ruqsat: permits for assemblies"),
        # Translators: the app's name under its icon on a phone's home screen (at most about 12 letters).
        "short_name": _("Ruqsat"),
        "description": _(
            "Track your group's applications to hold a public assembly, the authority's answers and the "
            "appeals, with every legal deadline."
        ),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOR,
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": static(path), "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
            for path, size, purpose in MANIFEST_ICONS
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})


def render_offline_page() -> str:
    """The offline page in the active language. Rendered without the request on purpose: no context
    processor runs, so the page cannot show the logged-in person's name, menu, messages or a CSRF
    token, whoever asks for it — the worker keeps it on the phone."""
    return render_to_string("config/offline.html")


@require_safe
def offline(request):
    return HttpResponse(render_offline_page())


def precache_urls() -> list[str]:
    """What the service worker stores: the offline page and its static files, and nothing else."""
    return [reverse("offline"), *(static(path) for path in OFFLINE_PAGE_STATIC)]


# no-cache: the browser asks again each time it checks for a new worker. Nothing in it is personal
# (public keeps config.cache_control's no-store away); its bytes follow the language asked for (see
# the module's docstring).
@require_safe
@cache_control(public=True, no_cache=True)
@vary_on_headers("Accept-Language", "Cookie")
def service_worker(request):
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):  # none, or not one of ours: the request's own
        language = get_language()
    urls = precache_urls()
    with translation.override(language):
        offline_page = render_offline_page()
    version = hashlib.sha256(json.dumps([urls, offline_page]).encode()).hexdigest()[:16]
    script = render_to_string(
        "config/service-worker.js",
        {
            "cache_name": json.dumps(f"ruqsat-offline-{version}"),
            "offline_url": json.dumps(reverse("offline")),
            "precache_urls": json.dumps(urls),
        },
    )
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")
