"""Issue 13, item 12 ("usable by everyone"): every page a person reaches — anonymous, as a member of
the demo groups and as a site editor — in English, Russian and Kazakh, on a phone (390 px) and a
desktop (1280 px), has no serious or critical axe-core violation.

One browser; one context per language and width (the log-in is a session cookie made once per
person and reused); the demo data (load_demo) plus the few objects it lacks (a document, pending
invitations, a share link) give every page something to show."""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from appeals.models import Appeal, AppealInvitation
from organizations.models import Organization
from permits.models import Authority, CoOrganizerInvitation, Decision, Document, PermitApplication, TimelineEntry
from reports.models import ShareLink
from tests.e2e.axe import axe_script, serious_violations
from tests.e2e.conftest import DESKTOP, PHONE, TIMEOUT_MS
from tests.factories import site_editor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LANGUAGES = ("en", "ru", "kk")
VIEWPORTS = (PHONE, DESKTOP)


@dataclass
class Pages:
    anonymous: list[str]
    member: list[str]
    site_editor: list[str]


def demo_pages() -> Pages:
    """The demo loaded, every page a person reaches in it."""
    call_command("load_demo", force=True, verbosity=0)
    aizhan = _user("aizhan")
    feminita = Organization.objects.get(name="Feminita")
    applications = PermitApplication.objects.order_by("pk")
    appeal = Appeal.objects.select_related("decision__application").get()
    refused = appeal.decision.application
    decision = appeal.decision
    filed = applications.get(status="filed", organization__name="FemAgora")
    draft = applications.filter(status="draft").first()
    unappealed = Decision.objects.filter(outcome="refused").exclude(pk=decision.pk).first()
    entry = TimelineEntry.objects.filter(application=refused, created_by__isnull=False).first()
    document = Document(application=refused, kind="filing", title="Filing", content_type="application/pdf", size=9)
    document.file.save("filing.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    invitation = feminita.invite(by=aizhan, role="member", email="new-member@example.org")
    appeal_invitation = AppealInvitation.objects.create(appeal=appeal, email="lawyer@example.org", invited_by=aizhan)
    # A group Aizhan coordinates is asked to co-organize FemAgora's rally: she answers the request.
    asked = Organization.create_with_coordinator(creator=aizhan, name="Asked group", kind="initiative", city="Almaty")
    co_organizer_invitation = CoOrganizerInvitation.objects.create(
        application=filed, organization=asked, invited_by=_user("kamila")
    )
    share_link = ShareLink.objects.create(organization=feminita, created_by=aizhan)
    revision = appeal.draft.revisions.order_by("pk").first()
    authority = Authority.objects.order_by("pk").first()

    def at(name, *args):
        return reverse(name, args=args)

    return Pages(
        anonymous=[
            at("account_login"),
            at("account_signup"),
            at("account_reset_password"),
            at("organizations:invitation_accept", invitation.token),
            at("appeals:invitation_accept", appeal_invitation.token),
            at("reports:shared", share_link.token),
            at("public:refusals"),
            at("offline"),
        ],
        member=[
            at("dashboard"),
            at("permits:application_list"),
            at("permits:application_list") + "?status=refused",
            at("permits:application_create"),
            *[at("permits:application_detail", application.pk) for application in applications],
            at("permits:application_edit", filed.pk),
            at("permits:application_decide", filed.pk),
            at("permits:application_withdraw", filed.pk),
            at("permits:filing_prepare", draft.pk),
            at("audit:application_history", refused.pk),
            at("permits:document_edit", refused.pk, document.pk),
            at("permits:document_delete", refused.pk, document.pk),
            at("permits:decision_correct", refused.pk, decision.pk),
            at("permits:decision_void", refused.pk, decision.pk),
            at("permits:timeline_edit", refused.pk, entry.pk),
            at("permits:co_organizer_invitation", co_organizer_invitation.token),
            at("appeals:list"),
            at("appeals:open", unappealed.pk),
            at("appeals:workspace", appeal.pk),
            at("appeals:revision", appeal.pk, revision.pk),
            at("organizations:list"),
            at("organizations:create"),
            at("organizations:detail", feminita.pk),
            at("organizations:edit", feminita.pk),
            at("organizations:leave", feminita.pk),
            at("organizations:invitation_accept", invitation.token),
            at("reminders:notifications"),
            at("reminders:preferences"),
            at("profile"),
            at("privacy:account_delete"),
            at("account_email"),
            at("account_change_password"),
            at("mfa_index"),
            at("reports:report"),
            at("reports:sharing", feminita.pk),
            at("reports:quotes", feminita.pk),
            at("search:results"),
            at("search:results") + "?q=ремонтно-монтажные+работы",
            at("search:results") + "?q=ж",  # the message for a one-letter query
        ],
        site_editor=[
            at("admin:index"),
            at("admin:permits_authority_changelist"),
            at("admin:permits_authority_change", authority.pk),
            at("admin:permits_authority_add"),
            at("admin:permits_jurisdiction_changelist"),
            at("admin:permits_jurisdiction_change", authority.jurisdiction_id),
            at("admin:permits_refusalreason_changelist"),
            at("admin:appeals_argument_changelist"),
        ],
    )


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def session_cookie(user, base_url) -> dict:
    """A logged-in session for the browser, made once: logging in through the form for each of the
    six contexts would only test allauth's form six times (the journeys do that)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_has_no_serious_accessibility_violation_at_either_width(browser, live_server, language):
    axe_script()  # fails at once, before the demo loads, when npm ci has not run
    pages = demo_pages()
    # No language of his own: the browser's, as for Aizhan (the factory's default is English).
    editor = site_editor("editor", is_staff=True, verified_email=True, language="")
    member_cookie = session_cookie(_user("aizhan"), live_server.url)
    editor_cookie = session_cookie(editor, live_server.url)
    problems, violations = [], []
    for viewport in VIEWPORTS:
        # bypass_csp: axe is injected as an inline script, which the CSP (rightly) forbids.
        context = browser.new_context(
            viewport=viewport,
            locale=language,
            extra_http_headers={"Accept-Language": language},
            bypass_csp=True,
            timezone_id="Asia/Almaty",
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
        page = context.new_page()
        for person, cookie, paths in (
            ("anonymous", None, pages.anonymous),
            ("aizhan", member_cookie, pages.member),
            ("site editor", editor_cookie, pages.site_editor),
        ):
            context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
            if cookie:
                context.add_cookies([cookie])
            for path in paths:
                where = f"{path} ({person}, {language}, {viewport['width']} px)"
                response = page.goto(live_server.url + path)
                if response.status != 200:
                    problems.append(f"{where}: HTTP {response.status} at {page.url}")
                    continue
                if page.locator("html").get_attribute("lang") != language:
                    problems.append(f"{where}: <html lang> is not {language!r}")
                violations += serious_violations(page, where)
                # A badge (status, outcome, deadline) is a colour: it must also say its state in words.
                wordless = page.locator(".badge").evaluate_all(
                    "badges => badges.filter(b => b.checkVisibility() && !b.innerText.trim()).map(b => b.outerHTML)"
                )
                problems += [f"{where}: a badge without words: {badge}" for badge in wordless]
        context.close()
    if violations:
        problems += [f"{len(violations)} serious or critical axe-core violations:", *map(str, violations)]
    assert not problems, "\n".join(problems)
