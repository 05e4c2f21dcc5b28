"""Issue 13, item 12: a state is never told by colour alone. Every badge an application's status, a
decision's outcome or a deadline's state gets says that state in words, and two states that share a
colour never share the words (a person who cannot tell red from green, or a screen reader, loses
nothing). The appeal drafts' diff colours are covered in tests/appeals/test_views_draft_conflict.py."""

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from lxml import html

from permits.models import Decision, Status

COLOURS = (
    "text-bg-danger",
    "text-bg-warning",
    "text-bg-success",
    "text-bg-primary",
    "text-bg-secondary",
    "text-bg-info",
    "text-bg-light",
)


def badge(markup: str) -> tuple[str, str]:
    """The one badge in the markup: (its colour class, the words it shows)."""
    (element,) = html.fragment_fromstring(markup.strip(), create_parent="div").xpath('.//*[contains(@class, "badge")]')
    colour = next(name for name in element.get("class").split() if name in COLOURS)
    return colour, " ".join(element.text_content().split())


def status_badge(status, label) -> tuple[str, str]:
    return badge(render_to_string("includes/status_badge.html", {"status": status, "label": label}))


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_every_application_status_and_decision_outcome_is_named_in_words(language):
    with translation.override(language):
        shown = {value: status_badge(value, label) for value, label in [*Status.choices, *Decision.Outcome.choices]}
        for value, (_colour, words) in shown.items():
            label = str(dict([*Status.choices, *Decision.Outcome.choices])[value])
            assert words == label, f"{value}: the badge says {words!r}"
    by_colour = {}
    for value, (colour, words) in shown.items():
        by_colour.setdefault(colour, {}).setdefault(words, set()).add(value)
    for colour, states in by_colour.items():
        for words, values in states.items():
            assert len(values) == 1, f"{colour} {words!r} names {values}"


def deadline(**state):
    defaults = {"days_late": 0, "is_done": False, "kind": "response", "days": 10, "days_past": 0, "is_overdue": False}
    return SimpleNamespace(**{**defaults, **state})


# Each deadline state, the colour it gets and the words that must name it.
DEADLINE_STATES = [
    ("overdue by 3 days", deadline(days=-3, days_past=3, is_overdue=True), "text-bg-danger", r"^3 days overdue$"),
    ("overdue today", deadline(days=0, is_overdue=True), "text-bg-danger", r"^overdue$"),
    ("due today", deadline(days=0), "text-bg-warning", r"^due today$"),
    ("due tomorrow", deadline(days=1), "text-bg-warning", r"^due tomorrow$"),
    ("due soon", deadline(days=3), "text-bg-warning", r"^3 days left$"),
    ("not due soon", deadline(days=10), "text-bg-light", r"^10 days left$"),
    ("done", deadline(is_done=True), "text-bg-success", r"^Done$"),
    ("missed, then met late", deadline(is_done=True, days_late=2), "text-bg-warning", r"^done 2 days late$"),
    ("event tomorrow", deadline(kind="event", days=1), "text-bg-primary", r"^tomorrow$"),
    ("event past", deadline(kind="event", days=-4, days_past=4), "text-bg-secondary", r"^4 days ago$"),
]


@pytest.mark.parametrize(("state", "deadline", "colour", "words"), DEADLINE_STATES, ids=[s[0] for s in DEADLINE_STATES])
def test_every_deadline_state_is_named_in_words_beside_its_colour(state, deadline, colour, words):
    with translation.override("en"):
        shown_colour, shown_words = badge(render_to_string("includes/deadline_chip.html", {"deadline": deadline}))
    assert shown_colour == colour
    assert re.match(words, shown_words), f"{state}: the badge says {shown_words!r}"


def test_deadline_states_sharing_a_colour_never_share_their_words():
    with translation.override("en"):
        shown = [
            badge(render_to_string("includes/deadline_chip.html", {"deadline": d})) for _s, d, _c, _w in DEADLINE_STATES
        ]
    assert len(set(shown)) == len(shown)
