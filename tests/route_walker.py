"""The route walker the access walks share (tests/test_outsider_access.py,
tests/test_volunteer_access.py): every route that names an object, found from the URL resolver; its
arguments filled with the objects of a world; every method called; every row of every table compared
before and after. A route added later is found without anyone listing it, and a route whose URL
arguments the walker cannot fill fails loudly until someone teaches it.

Teaching it: an argument naming an object (`<int:pk>` after `applications/`, `application_pk`,
`membership_id`, `username`…) is filled from OBJECT_NOUNS / SEGMENT_NOUNS / `named` below with
an object of the world's lead group; a route that is public by design goes in PUBLIC_BY_DESIGN with
its reason (it is still called, with made-up keys, and must change nothing and never fail)."""

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

from accounts.models import ApiToken
from appeals.models import AppealInvitation, Hearing
from appeals.services import appeal_open
from imports.models import HistoryUpload
from organizations.models import Invitation, Membership
from permits.models import Authority, CoOrganizerInvitation, Document, PermitApplication, RefusalReason
from reminders.models import Notification
from tests.factories import OrganizationFactory, TimelineEntryFactory

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

# Routes anyone may call with the key in their hands: the key itself is the credential.
PUBLIC_BY_DESIGN = {
    "account_confirm_email": "allauth: the emailed confirmation key is the credential",
    "account_reset_password_from_key": "allauth: the emailed password-reset key is the credential",
    "account_unlock": "the log-in lock's emailed, signed, single-use unlock link is the credential "
    "(tests/accounts/test_login_lock.py); a made-up one is a 404",
    "organizations:invitation_accept": "an invitation link is meant for someone not yet in the group; its "
    "single-use, expiring token is the credential",
    "appeals:invitation_accept": "an appeal invitation is meant for someone who may be in no group at all; its "
    "single-use, expiring token is the credential (tests/appeals/test_invitations.py)",
    "reminders:calendar_feed": "calendar apps cannot log in: the user's private, revocable feed token is the "
    "credential (a made-up one must still be a 404)",
    "argument-detail": "the argument library is shared law, not any group's data: everyone reads it and only "
    "legal volunteers change it (tests/appeals/test_api_arguments.py); a made-up key must be a 404",
    "reports:shared": "a group's public link to its refusal statistics (counts and the authorities' words, no "
    "names): the revocable token is the credential, a made-up one is a 404",
}
# Routes only site editors may call (permits.models.is_site_editor): anyone else is refused with a
# 403 before any lookup — the same for every id, existing or not, so it tells nothing — or a 405 for
# a method the route does not take.
EDITORS_ONLY = {
    "authority-publish": "the editors' review of a group's authority (tests/permits/test_api_authority_review.py)",
    "authority-merge": "the editors' review of a group's authority",
    "authority-decline": "the editors' review of a group's authority",
}
# Routes that name no object and are meant for everyone, without logging in: the walk above never
# meets them (no object in their URL), so tests/test_outsider_access.py calls each with every method.
OPEN_TO_EVERYONE = {
    "public:refusals": "the public statistics page: only the refusals of groups that opted in, small cells hidden",
    "public:refusals_json": "the public statistics' open data (JSON)",
    "public:refusals_csv": "the public statistics' open data (CSV)",
}
# The admin site is staff-only as a whole: anyone else is sent to its log-in before any lookup.
STAFF_ONLY_NAMESPACE = "admin"

# Arguments that name an object: `<noun>_pk` / `<noun>_id` / `<noun>`, or `pk` / `id` after a segment.
OBJECT_NOUNS = {
    "application": "application",
    "permitapplication": "application",
    "organization": "organization",
    "org": "organization",
    "group": "organization",
    "document": "document",
    "entry": "entry",
    "timeline": "entry",
    "timeline_entry": "entry",
    "decision": "decision",
    "ground": "ground",
    "membership": "membership",
    "member": "membership",
    "invitation": "invitation",
    "appeal_invitation": "appeal_invitation",
    "co_organizer_invitation": "co_organizer_invitation",
    "user": "user",
    "appeal": "appeal",
    "revision": "revision",
    "hearing": "hearing",
    "deadline": "deadline",
    "token": "api_token",
    "notification": "notification",
    "upload": "history_upload",
    "authority": "authority",
}
SEGMENT_NOUNS = {
    "applications": "application",
    "organizations": "organization",
    "groups": "organization",
    "documents": "document",
    "timeline": "entry",
    "entries": "entry",
    "decisions": "decision",
    "grounds": "ground",
    "members": "membership",
    "memberships": "membership",
    "invitations": "invitation",
    "co-organizer-invitations": "co_organizer_invitation",
    "users": "user",
    "appeals": "appeal",
    "revisions": "revision",
    "hearings": "hearing",
    "deadlines": "deadline",
    "notifications": "notification",
    "authorities": "authority",
}


@dataclass
class Route:
    name: str  # namespaced URL name, or the pattern when it has none
    chain: tuple  # the patterns from the root resolver down to this route
    kwargs: tuple[str, ...]
    is_api: bool
    namespace: str = ""
    callback: object = field(default=None, repr=False)

    @property
    def pattern(self) -> str:
        return "".join(_pattern_text(p) for p in self.chain)

    def __str__(self):
        return self.pattern


def _pattern_text(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return pattern._route
    if isinstance(pattern, RegexPattern):
        return pattern._regex
    if isinstance(pattern, LocalePrefixPattern):
        return pattern.language_prefix
    return str(pattern)


def _kwargs_of(pattern) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return list(pattern.converters)
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    return []


def walk(resolver=None, chain=(), namespaces=()):
    """Every URLPattern under the root resolver, through every include()."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
            yield from walk(entry, (*chain, entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            full_chain = (*chain, entry.pattern)
            kwargs = tuple(name for p in full_chain for name in _kwargs_of(p))
            namespace = ":".join(namespaces)
            url_name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            text = "".join(_pattern_text(p) for p in full_chain)
            yield Route(
                name=url_name or text,
                chain=full_chain,
                kwargs=kwargs,
                is_api=text.lstrip("^").startswith("api/"),
                namespace=namespace,
                callback=entry.callback,
            )


ROUTES_WITH_KWARGS = [route for route in walk() if route.kwargs]
STAFF_ONLY_ROUTES = [r for r in ROUTES_WITH_KWARGS if r.namespace.split(":")[0] == STAFF_ONLY_NAMESPACE]
ROUTES = [r for r in ROUTES_WITH_KWARGS if r not in STAFF_ONLY_ROUTES]


def build_url(route: Route, values: dict) -> str:
    url = "/"
    for pattern in route.chain:
        if isinstance(pattern, RoutePattern):
            url += re.sub(r"<(?:[^>:]+:)?([^>]+)>", lambda m: str(values[m.group(1)]), pattern._route)
        elif isinstance(pattern, RegexPattern):
            names = set(pattern.regex.groupindex)
            text, _params = next((t, p) for t, p in normalize(pattern._regex) if set(p) == names)
            url += text % {name: values[name] for name in names}
        elif isinstance(pattern, LocalePrefixPattern):
            url += pattern.language_prefix
        else:
            pytest.fail(f"{route}: the walker does not know the pattern type {type(pattern).__name__}")
    match = resolve(url)
    assert match.func == route.callback, f"{url} resolved to another view than {route}"
    return url


# --- The world, with one object of every kind that routes name ----------------------------------


def make_lead_objects(world) -> dict:
    """One object of every kind that routes name, all of the world's lead group (a filed and
    refused application with its appeal, hearing, invitations, document, revision…)."""
    application = world.application
    application.file(on=application.created_at.date(), by=world.coordinator)
    decision = application.record_decision(
        outcome="refused",
        decided_on=application.filed_on,
        grounds=[{"reason": RefusalReason.objects.get(code="conflicting_event"), "quote": "another event"}],
        by=world.coordinator,
    )
    document = Document(application=application, kind="filing", title="Filing", content_type="application/pdf", size=9)
    document.file.save("filing.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    invitation = Invitation.objects.create(
        organization=world.lead, email="new@example.org", invited_by=world.coordinator
    )
    appeal = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="en")
    hearing = Hearing.objects.create(
        appeal=appeal, starts_at=dt.datetime(2022, 2, 1, 10, tzinfo=dt.UTC), place="Almaty city court"
    )
    appeal_invitation = AppealInvitation.objects.create(
        appeal=appeal, email="lawyer@example.org", invited_by=world.coordinator
    )
    # The lead asks a group the outsider is not in to co-organize (only its coordinators answer).
    co_organizer_invitation = CoOrganizerInvitation.objects.create(
        application=application, organization=OrganizationFactory(name="Asked group"), invited_by=world.coordinator
    )
    return {
        # "My authority is missing": the lead group's own, waiting for a site editor.
        "authority": Authority.add_for_group(
            organization=world.lead,
            name="Akimat of Medeu district",
            jurisdiction=application.authority.jurisdiction,
            by=world.member,
        ),
        "co_organizer_invitation": co_organizer_invitation,
        "deadline": application.deadlines.first(),
        "hearing": hearing,
        "appeal_invitation": appeal_invitation,
        "application": application,
        "organization": world.lead,
        "document": document,
        "entry": TimelineEntryFactory(application=application, summary="Meeting at the akimat"),
        "decision": decision,
        "ground": decision.grounds.get(),
        "membership": Membership.objects.get(organization=world.lead, user=world.member),
        "invitation": invitation,
        "user": world.member,
        "appeal": appeal,
        "revision": appeal.draft.revisions.get(),
        "api_token": ApiToken.issue(user=world.member, name="script")[0],
        # A member's bell entry about the refusal: only ever hers to read or mark.
        "notification": Notification.objects.create(
            user=world.member,
            kind=Notification.Kind.DECISION_RECORDED,
            application=application,
            params={"outcome": "refused", "decided_on": decision.decided_on.isoformat()},
            url=f"/applications/{application.pk}/",
        ),
        # The coordinator's preview of a history file (imports.HistoryUpload): hers alone.
        "history_upload": HistoryUpload.objects.create(
            organization=world.lead, uploaded_by=world.coordinator, file_name="history.csv", content=b"title\n"
        ),
    }


# Arguments that are not ids, by name and the segment before them ("" = any segment): the object
# they name, and the attribute of it that fills them.
NAMED_ARGUMENTS = {
    ("username", ""): ("user", "username"),
    ("token", "invitations"): ("invitation", "token"),
    ("token", "co-organizer-invitations"): ("co_organizer_invitation", "token"),
}


def object_keys(route: Route) -> dict[str, str]:
    """Which object of the world (a key of make_lead_objects) each URL argument of `route` names,
    or fail loudly."""
    keys, segments = {}, _segments_before_kwargs(route)
    for kwarg in route.kwargs:
        segment = segments.get(kwarg, "")
        named = NAMED_ARGUMENTS.get((kwarg, segment)) or NAMED_ARGUMENTS.get((kwarg, ""))
        if named:
            keys[kwarg] = named[0]
            continue
        noun = re.sub(r"_(pk|id)$", "", kwarg)
        if noun in ("pk", "id"):
            noun = SEGMENT_NOUNS.get(segment, "")
        key = OBJECT_NOUNS.get(noun)
        if key is None:
            pytest.fail(
                f"Route {route} ({route.name}) takes `{kwarg}`, which the route walker cannot fill. Teach "
                f"it in tests/route_walker.py (OBJECT_NOUNS / SEGMENT_NOUNS / NAMED_ARGUMENTS), or add "
                f"the route to PUBLIC_BY_DESIGN with the reason anyone may call it."
            )
        keys[kwarg] = key
    return keys


def object_values(route: Route, objects: dict, world) -> dict:
    """Fill every URL argument of `route` with an object of the lead group, or fail loudly."""
    segments = _segments_before_kwargs(route)
    values = {}
    for kwarg, key in object_keys(route).items():
        segment = segments.get(kwarg, "")
        named = NAMED_ARGUMENTS.get((kwarg, segment)) or NAMED_ARGUMENTS.get((kwarg, ""))
        values[kwarg] = getattr(objects[key], named[1] if named else "pk")
    return values


def _segments_before_kwargs(route: Route) -> dict[str, str]:
    """For each argument, the literal path segment just before it (`applications` in
    applications/<int:pk>/), which says what a bare `pk` or `id` names."""
    text = re.sub(r"<(?:[^>:]+:)?([^>]+)>", r"(?P<\1>x)", route.pattern)
    found, previous = {}, ""
    for segment in re.split(r"/+", text.replace("^", "").replace("$", "")):
        names = re.findall(r"\(\?P<(\w+)>", segment)
        for name in names:
            found[name] = previous
        if not names and segment:
            previous = segment
    return found


def made_up_values(route: Route) -> dict:
    return {kwarg: "x0" if kwarg == "uidb36" else "not-a-real-key" for kwarg in route.kwargs}


def admin_values(route: Route, objects: dict) -> dict:
    generic = {
        "object_id": objects["application"].pk,
        "id": objects["user"].pk,
        "content_type_id": ContentType.objects.get_for_model(PermitApplication).pk,
        "app_label": "permits",
        "url": "no-such-page/",
    }
    missing = set(route.kwargs) - set(generic)
    if missing:
        pytest.fail(f"Admin route {route} takes {missing}: add a value to admin_values().")
    return {kwarg: generic[kwarg] for kwarg in route.kwargs}


# --- What must not change -----------------------------------------------------------------------

# Rows a request may legitimately write without changing anything anyone owns.
NOT_COMPARED = {Session}


def snapshot(objects) -> dict:
    # Every row of every table, read with plain SQL (the ORM would make this the slowest part).
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True) if model not in NOT_COMPARED}
    rows = {}
    with connection.cursor() as cursor:
        # A model whose migration is still being written has no table yet: nothing there to change.
        tables = sorted(tables & set(connection.introspection.table_names(cursor)))
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
            rows[table] = cursor.fetchall()
    document = objects["document"]
    rows["stored document"] = document.file.storage.exists(document.file.name)
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return [label for label in before if before[label] != after.get(label)]


# A body that would do harm if a view let it through: each field names something a form or
# serializer on these routes takes.
def tempting_body(world) -> dict:
    return {
        "title": "Taken over",
        "name": "Taken over",
        "summary": "Taken over",
        "kind": "note",
        "event_type": "march",
        "username": world.outsider.username,
        "email": world.outsider.email,
        "role": "coordinator",
        "on": "2021-11-20",
        "happened_on": "2021-11-20",
        "filed_on": "2021-11-20",
        "outcome": "approved",
        "decided_on": "2021-11-20",
        "note": "Taken over",
        "confirm": "1",
    }


def call(client, method, url, body, is_api):
    if method == "GET":
        return client.get(url)
    if is_api:
        import json

        return client.generic(method, url, json.dumps(body), content_type="application/json")
    if method == "POST":
        return client.post(url, body)
    from urllib.parse import urlencode

    return client.generic(method, url, urlencode(body), content_type="application/x-www-form-urlencoded")


# --- Calling every method -----------------------------------------------------------------------


def exercise(url, is_api, expected, world, objects, caller=None, users=None) -> list[str]:
    """Every method as each of `users` (by default the outsider, or `caller`, and nobody), each
    answer checked by `expected[who]`; what went wrong, as readable lines."""
    users = users or {"outsider": caller or world.outsider, "anonymous": None}
    clients = {}
    for who, user in users.items():
        clients[who] = Client()
        if user is not None:
            clients[who].force_login(user)
    body = tempting_body(world)
    failures = []
    before = snapshot(objects)
    for who, client in clients.items():
        for method in METHODS:
            response = call(client, method, url, body, is_api)
            problem = expected[who](response)
            if problem:
                failures.append(f"{who} {method} {url}: {problem}")
            after = snapshot(objects)
            changed = changed_tables(before, after)
            if changed:
                failures.append(f"{who} {method} {url}: changed {changed}")
            before = after
    return failures


def is_404(response):
    return None if response.status_code == 404 else f"{response.status_code}, expected 404"


def is_refused_to_non_editors(response):
    if response.status_code in (403, 405):
        return None
    return f"{response.status_code}, expected 403 (or 405 for a method the route does not take)"


def is_401(response):
    return None if response.status_code == 401 else f"{response.status_code}, expected 401"


def is_login_redirect(response):
    login = reverse(settings.LOGIN_URL)
    if response.status_code == 302 and response["Location"].startswith(login):
        return None
    return f"{response.status_code} {response.get('Location', '')}, expected a redirect to {login}"


def is_admin_login(response):
    login = reverse("admin:login")
    if response.status_code == 302 and response["Location"].startswith(login):
        return None
    return f"{response.status_code} {response.get('Location', '')}, expected a redirect to {login}"


def is_not_a_failure(response):
    return None if response.status_code < 500 else f"{response.status_code}"
