"""The dashboard, "New application" sent back with errors, and the appeal workspace, for a person
whose profile says Russian or Kazakh: <html lang>, the page's key labels from the catalogue (read
with gettext, so a translator may reword them), one word we know each language has, and none of
the English labels left over. The same pages in English show every label, so the lists below stay
true to the templates."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from appeals.services import appeal_open
from permits.models import PermitApplication
from tests.appeals.conftest import almaty_march, refuse

pytestmark = pytest.mark.django_db

# Labels every page has: the navigation bar.
NAVIGATION = ["Dashboard", "Applications", "Appeals", "Groups", "Reports", "Log out", "Language"]
DASHBOARD = ["New application", "What is next", "Latest on the timelines", "Refused: consider an appeal"]
FORM = [
    "New application",
    "Please correct the errors below; everything you typed is kept.",
    ("Title", "title"),  # a model field's label: its verbose name, first letter capital
    ("Event type", "event type"),
    "Lead group",
    ("Place", "place"),
    "Who signed the filing",
    "More details",
    ("Expected participants", "expected participants"),
    "Save the application",
    "Cancel",
    "The end must be after the start.",
    "Enter a whole number.",
]
WORKSPACE = [
    "My appeals",
    "Filing deadline",
    "How this date was computed",
    "Check this date against the current law.",
    "The refusal's grounds and arguments",
    "Insert",
    "Volunteers",
    "Revisions",
    "Save",
]
# Words we know the Russian and Kazakh interfaces use, whatever else the translator rewords.
KNOWN_WORDS = {"ru": ["Заявки", "Жалобы", "Выйти"], "kk": ["Өтінімдер", "Шағымдар", "Шығу"]}

TYPED = {
    "title": "Әйелдер шеруі 8 наурыз",
    "location": "Алматы, Республика алаңы",
    "starts_at": "2027-03-08T12:00",
    "ends_at": "2027-03-08T11:00",  # before the start: an error
    "expected_participants": "бес жүз",  # not a number: an error
    "applicant": "Әсел Нұрланқызы",
}


class PageText(HTMLParser):
    """What a person reads or hears on a page: text between tags and the attributes that screen
    readers and placeholders speak, each with its whitespace collapsed."""

    SPOKEN_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.lang = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self.pieces += [" ".join(value.split()) for name, value in attrs if name in self.SPOKEN_ATTRIBUTES and value]

    def handle_data(self, data):
        text = " ".join(data.split())
        if text:
            self.pieces.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.pieces)


def page_in(client, url: str, data=None) -> PageText:
    response = client.post(url, data) if data is not None else client.get(url)
    assert response.status_code == 200
    return PageText(response.content.decode())


def assert_speaks(page: PageText, language: str, labels: list):
    """`labels`: English texts as the English page shows them; a pair (shown, msgid) for a model
    field's label, which the form shows with a capital first letter."""
    assert page.lang == language
    for label in labels:
        label, msgid = label if isinstance(label, tuple) else (label, None)
        with translation.override(language):
            translated = capfirst(gettext(msgid)) if msgid else gettext(label)
        assert translated in page.text, (language, label)
        if language != "en":
            # Not left in English: not a piece of its own, and no English sentence inside another.
            assert label not in page.pieces, (language, label)
            if len(label.split()) > 2:
                assert label not in page.text, (language, label)
    if language != "en":
        for word in KNOWN_WORDS[language]:
            assert word in page.text, (language, word)


@pytest.fixture
def speaker(world, request):
    """The world's coordinator, reading the language of the test."""
    world.coordinator.language = request.param
    world.coordinator.save(update_fields=["language"])
    return world.coordinator


languages = pytest.mark.parametrize("speaker", ["ru", "kk", "en"], indirect=True)


@languages
def test_the_dashboard_speaks_the_profiles_language(world, login, speaker):
    refuse(almaty_march(world), by=world.coordinator)  # something under "Refused: consider an appeal"

    page = page_in(login(speaker), reverse("dashboard"))

    assert_speaks(page, speaker.language, NAVIGATION + DASHBOARD)


@languages
def test_the_new_application_form_sent_back_with_errors_speaks_the_language_and_keeps_what_was_typed(
    world, login, speaker
):
    data = {
        "title": TYPED["title"],
        "event_type": "march",
        "organization": world.lead.pk,
        "starts_at": TYPED["starts_at"],
        "ends_at": TYPED["ends_at"],
        "location": TYPED["location"],
        "authority": world.application.authority_id,
        "expected_participants": TYPED["expected_participants"],
        "applicants-TOTAL_FORMS": "1",
        "applicants-INITIAL_FORMS": "0",
        "applicants-MIN_NUM_FORMS": "0",
        "applicants-MAX_NUM_FORMS": "50",
        "applicants-0-name": TYPED["applicant"],
    }

    response = login(speaker).post(reverse("permits:application_create"), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert_speaks(PageText(html), speaker.language, NAVIGATION + FORM)
    for value in TYPED.values():
        assert f'value="{value}"' in html, value
    assert not PermitApplication.objects.filter(title=TYPED["title"]).exists()


@languages
def test_the_appeal_workspace_speaks_the_profiles_language(world, login, speaker):
    decision = refuse(almaty_march(world), by=world.coordinator)
    # The draft is in Russian for everyone: the page around it follows the reader.
    appeal = appeal_open(decision=decision, venue="higher_authority", by=world.coordinator, language="ru")

    page = page_in(login(speaker), reverse("appeals:workspace", args=[appeal.pk]))

    assert_speaks(page, speaker.language, NAVIGATION + WORKSPACE)
    with translation.override(speaker.language):
        assert appeal.get_venue_display() in page.text
