"""Log-in, sign-up, password reset, email and two-factor pages — allauth's templates and forms —
and the emails they send, read in Russian and Kazakh (issue 13, item 9). allauth ships Russian but
no Kazakh; locale_vendor/ fills the gaps (README, "Translations").

Each journey runs twice from the same starting point, in English and in the reader's language (the
database and cache rolled back in between, so names, addresses and keys are the same). A piece of
visible text — a text node, a placeholder, a button's label, an email's subject or line — that is
English in the English run and comes back unchanged in the other is an untranslated string."""

import pprint
import re
import time
import zoneinfo
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD, UserFactory, verify_email

pytestmark = pytest.mark.django_db

USERNAME = "asel"
EMAIL = "asel@example.org"
# Text that is the same in every language: names, the product, what the user typed.
SAME_IN_EVERY_LANGUAGE = re.compile(
    rf"\b(?:Ruqsat|Asel|{re.escape(EMAIL)}|{USERNAME}|(?:new|nobody|taken|other)@example\.org|testserver)\b"
    r"|\b(?:English|API|JSON|TOTP|Authorization: Token)\b"
    r"|https?://\S+"
)
CYRILLIC = re.compile("[а-яА-ЯәғқңөұүһіӘҒҚҢӨҰҮҺІ]")
# The language switcher names each language in itself; the profile lists the time zones by their
# IANA names (Asia/Almaty).
NAMES = {"English", "Русский", "Қазақша", *zoneinfo.available_timezones()}


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes outside <script>/<style>, and the attributes a browser
    shows (placeholder, title, aria-label, alt, a button's value)."""

    SHOWN_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")

    def __init__(self):
        super().__init__()
        self.pieces: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._hidden_depth += 1
        values = dict(attrs)
        self.pieces.extend(values[name] for name in self.SHOWN_ATTRIBUTES if values.get(name))
        if tag == "input" and values.get("type") in ("submit", "button") and values.get("value"):
            self.pieces.append(values["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._hidden_depth:
            self._hidden_depth -= 1

    def handle_data(self, data):
        if not self._hidden_depth:
            self.pieces.append(data)


def visible_text(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return {" ".join(piece.split()) for piece in parser.pieces} - {""}


def email_text(message) -> set[str]:
    return {" ".join(line.split()) for line in [message.subject, *message.body.splitlines()]} - {""}


def is_english(piece: str) -> bool:
    """Words of Latin letters once names, addresses and links are taken out."""
    rest = SAME_IN_EVERY_LANGUAGE.sub(" ", piece)
    return piece not in NAMES and len(re.findall(r"[A-Za-z]{3,}", rest)) >= 1


@dataclass
class Journey:
    """What one run saw: each page and email, by name, as its pieces of text."""

    client: Client
    language: str
    seen: dict[str, set[str]] = field(default_factory=dict)

    def page(self, name: str, response, status: int = 200) -> None:
        assert response.status_code == status, (name, response.status_code)
        self.seen[name] = visible_text(response.content.decode())

    def get(self, name: str, url: str) -> None:
        self.page(name, self.client.get(url, follow=True))

    def post(self, name: str, url: str, data: dict, status: int = 200) -> None:
        self.page(name, self.client.post(url, data, follow=True), status)

    def emails(self, name: str) -> None:
        for number, message in enumerate(mail.outbox):
            self.seen[f"{name} email {number}"] = email_text(message)
        mail.outbox.clear()


def user(language: str, **kwargs):
    return UserFactory(username=USERNAME, email=EMAIL, first_name="Asel", language=language, **kwargs)


def log_in(journey: Journey, account) -> None:
    journey.client.force_login(account)


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


# --- the journeys ---------------------------------------------------------------------------------


def visitor_logs_in(journey: Journey) -> None:
    user(journey.language, verified_email=True)
    journey.get("log-in", reverse("account_login"))
    journey.post("wrong password", reverse("account_login"), {"login": USERNAME, "password": "wrong"})
    journey.post("empty log-in", reverse("account_login"), {"login": "", "password": ""})
    journey.post("logged in (message)", reverse("account_login"), {"login": USERNAME, "password": PASSWORD})
    journey.get("log-out", reverse("account_logout"))
    journey.post("logged out (message)", reverse("account_logout"), {})


def visitor_signs_up(journey: Journey) -> None:
    UserFactory(username="taken", email="taken@example.org", verified_email=True)
    journey.get("sign-up", reverse("account_signup"))
    journey.post(
        "sign-up errors",
        reverse("account_signup"),
        {"username": "taken", "email": "not an address", "password1": "short", "password2": "other"},
    )
    journey.post(
        "sign-up with a common password",
        reverse("account_signup"),
        {"username": "new one", "email": EMAIL, "password1": "password", "password2": "password"},
    )
    journey.post(
        "verification sent",
        reverse("account_signup"),
        {"username": USERNAME, "email": EMAIL, "password1": PASSWORD, "password2": PASSWORD},
    )
    journey.emails("sign-up")
    address = EmailAddress.objects.get(email=EMAIL)
    key = EmailConfirmationHMAC(address).key
    journey.get("confirm the address", reverse("account_confirm_email", args=[key]))
    journey.get("confirm with a bad key", reverse("account_confirm_email", args=["not-a-key"]))
    journey.post("address confirmed (message)", reverse("account_confirm_email", args=[key]), {})
    journey.client.logout()
    journey.post(
        "sign-up with a registered address",
        reverse("account_signup"),
        {"username": "someone", "email": "taken@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    journey.emails("registered address")
    journey.get("unverified log-in", reverse("account_email_verification_sent"))


def visitor_resets_the_password(journey: Journey) -> None:
    account = user(journey.language, verified_email=True)
    journey.get("password reset", reverse("account_reset_password"))
    journey.post("password reset bad address", reverse("account_reset_password"), {"email": "no"})
    journey.post("password reset sent", reverse("account_reset_password"), {"email": EMAIL})
    journey.emails("password reset")
    journey.post("password reset for nobody", reverse("account_reset_password"), {"email": "nobody@example.org"})
    journey.emails("password reset for nobody")
    key_url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(account), "key": default_token_generator.make_token(account)},
    )
    journey.get("new password", key_url)
    form_url = journey.client.get(key_url)["Location"]
    journey.post("new password mismatch", form_url, {"password1": PASSWORD, "password2": "other"})
    journey.post("new password set", form_url, {"password1": "a new " + PASSWORD, "password2": "a new " + PASSWORD})
    journey.get("bad reset link", reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "x-y"}))


def member_manages_email_and_password(journey: Journey) -> None:
    account = user(journey.language, verified_email=True)
    log_in(journey, account)
    journey.get("profile", reverse("profile"))
    journey.get("preferences", reverse("reminders:preferences"))
    journey.get("delete account", reverse("privacy:account_delete"))
    journey.get("email", reverse("account_email"))
    journey.post("email added (message)", reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    journey.emails("email added")
    journey.post("email bad", reverse("account_email"), {"action_add": "", "email": "no"})
    journey.post(
        "email made primary (unverified)", reverse("account_email"), {"action_primary": "", "email": "new@example.org"}
    )
    journey.post("email re-sent", reverse("account_email"), {"action_send": "", "email": "new@example.org"})
    journey.emails("email re-sent")
    journey.post("email removed", reverse("account_email"), {"action_remove": "", "email": "new@example.org"})
    verify_email(account, "other@example.org")
    journey.post("primary address set", reverse("account_email"), {"action_primary": "", "email": "other@example.org"})
    journey.post("primary address kept", reverse("account_email"), {"action_remove": "", "email": "other@example.org"})
    journey.get("password change", reverse("account_change_password"))
    journey.post(
        "password change errors",
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "a", "password2": "b"},
    )
    journey.post(
        "password changed (message)",
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "a new " + PASSWORD, "password2": "a new " + PASSWORD},
    )
    account.set_unusable_password()
    account.save()
    log_in(journey, account)  # a new password hash ends the session
    journey.get("password set", reverse("account_set_password"))
    journey.post("password set errors", reverse("account_set_password"), {"password1": "a", "password2": "b"})


def member_sets_up_two_factor(journey: Journey) -> None:
    account = user(journey.language, verified_email=True)
    log_in(journey, account)
    journey.get("two-factor", reverse("mfa_index"))
    journey.get("reauthenticate", reverse("mfa_activate_totp"))
    journey.post("reauthenticate wrong", reverse("account_reauthenticate"), {"password": "wrong"})
    journey.client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = journey.client.get(reverse("mfa_activate_totp"))
    journey.page("activate", response)
    secret = response.context["form"].secret
    journey.post("activate wrong code", reverse("mfa_activate_totp"), {"code": "000000"})
    journey.post("activated (message)", reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    journey.get("two-factor on", reverse("mfa_index"))
    journey.get("recovery codes", reverse("mfa_view_recovery_codes"))
    download = journey.client.get(reverse("mfa_download_recovery_codes"))
    journey.seen["recovery codes file"] = {
        " ".join(line.split()) for line in download.content.decode().splitlines() if not re.fullmatch(r"\w{8}", line)
    } - {""}
    journey.get("generate recovery codes", reverse("mfa_generate_recovery_codes"))
    journey.post("recovery codes generated", reverse("mfa_generate_recovery_codes"), {})
    journey.get("deactivate", reverse("mfa_deactivate_totp"))
    journey.post("deactivated (message)", reverse("mfa_deactivate_totp"), {})


def member_with_two_factor_logs_in(journey: Journey) -> None:
    account = user(journey.language, verified_email=True)
    secret = generate_totp_secret()
    TOTP.activate(account, secret)
    RecoveryCodes.activate(account)
    journey.post("second factor", reverse("account_login"), {"login": USERNAME, "password": PASSWORD})
    journey.post("second factor wrong", reverse("mfa_authenticate"), {"code": "000000"})
    journey.post("second factor right", reverse("mfa_authenticate"), {"code": totp_code(secret)})
    journey.get("reauthenticate with a code", reverse("mfa_reauthenticate"))
    journey.post("reauthenticate with a wrong code", reverse("mfa_reauthenticate"), {"code": "000000"})


def visitor_is_locked_out(journey: Journey) -> None:
    user(journey.language, verified_email=True)
    for _attempt in range(5):
        journey.client.post(reverse("account_login"), {"login": USERNAME, "password": "wrong"})
    journey.post("locked", reverse("account_login"), {"login": USERNAME, "password": PASSWORD})
    [message] = mail.outbox
    unlock_path = re.search(r"https?://[^/\s]+(/accounts/log-in/unlock/\S+/)", message.body).group(1)
    journey.emails("locked")
    journey.get("unlock", unlock_path)
    journey.post("unlocked", unlock_path, {})
    journey.post("unlock used", unlock_path, {}, status=404)


def inactive_account(journey: Journey) -> None:
    journey.get("inactive", reverse("account_inactive"))


JOURNEYS = [
    visitor_logs_in,
    visitor_signs_up,
    visitor_resets_the_password,
    member_manages_email_and_password,
    member_sets_up_two_factor,
    member_with_two_factor_logs_in,
    visitor_is_locked_out,
    inactive_account,
]


def run(journey_function, language: str) -> Journey:
    """The journey from the test's starting point, leaving no trace: what it wrote is rolled back
    and the rate limits it used are cleared."""
    journey = Journey(client=Client(HTTP_ACCEPT_LANGUAGE=language), language=language)
    mail.outbox.clear()
    cache.clear()
    with transaction.atomic():
        journey_function(journey)
        transaction.set_rollback(True)
    translation.deactivate()
    return journey


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("journey_function", JOURNEYS, ids=lambda function: function.__name__)
def test_no_english_is_left_on_the_account_pages_and_in_their_emails(journey_function, language):
    english = run(journey_function, "en")
    translated = run(journey_function, language)

    assert english.seen.keys() == translated.seen.keys()
    # Every page and email was read in the language at all (not, say, a redirect to the same page).
    assert [name for name, pieces in translated.seen.items() if pieces and not CYRILLIC.search(" ".join(pieces))] == []
    untranslated = {
        name: sorted(piece for piece in translated.seen[name] & english.seen[name] if is_english(piece))
        for name in english.seen
    }
    left_in_english = {name: pieces for name, pieces in untranslated.items() if pieces}
    assert not left_in_english, pprint.pformat(left_in_english, width=120)


def test_the_comparison_finds_an_english_sentence_left_in_a_page():
    # A test that cannot fail proves nothing: an English page compared with itself is all English.
    html = '<p>Forgot your password?</p><input placeholder="Username"><a href="/">Ruqsat</a> asel@example.org'
    english = visible_text(html)
    assert {piece for piece in english if is_english(piece)} == {"Forgot your password?", "Username"}
