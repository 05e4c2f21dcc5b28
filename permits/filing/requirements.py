"""What a filing must contain (requirements.yaml beside this module), read once and checked.

A bad file stops with an error naming the file and the item, as config.reference_data does for
the files it syncs: a requirement that silently fell out would let an incomplete filing through."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils import translation

PATH = Path(__file__).with_name("requirements.yaml")
LANGUAGES = ("en", "ru", "kk")
STATUSES = ("confirmed", "likely", "verify")
ANSWERS = {
    "event_type",
    "purpose",
    "location",
    "route",
    "starts_at",
    "ends_at",
    "expected_participants",
    "organizers",
    "organizers.name",
    "organizers.id_number",
    "organizers.address",
    "organizers.phone",
    "order_and_safety",
    "medical_help",
    "sound_equipment",
}


class RequirementsError(ValueError):
    """requirements.yaml cannot be read: the message names the item."""


def _in_language(texts: dict[str, str], language: str | None = None) -> str:
    language = (language or translation.get_language() or "en").split("-")[0]
    return texts.get(language) or texts["en"]


@dataclass(frozen=True)
class Regime:
    code: str  # notification / approval
    event_types: tuple[str, ...]
    article: str  # "Art. 10 p. 3": the API's code for the article, never a sub-paragraph
    article_in: dict[str, str]

    def article_text(self, language: str | None = None) -> str:
        return _in_language(self.article_in, language)


@dataclass(frozen=True)
class Requirement:
    code: str
    answer: str  # the interview's answer it is read from; "organizers.x": every organizer's x
    regimes: tuple[str, ...]
    status: str
    label_in: dict[str, str]
    required: bool = True

    @property
    def needs_verification(self) -> bool:
        return self.status != "confirmed"

    @property
    def per_organizer(self) -> bool:
        return self.answer.startswith("organizers.")

    @property
    def organizer_field(self) -> str:
        return self.answer.partition(".")[2]

    def label(self, language: str | None = None) -> str:
        return _in_language(self.label_in, language)


@dataclass(frozen=True)
class Requirements:
    version: int
    source: str
    regimes: dict[str, Regime]
    items: tuple[Requirement, ...]

    def regime_for(self, event_type: str) -> Regime | None:
        """The regime an event type falls under; None for one the law does not name ("other")."""
        return next((regime for regime in self.regimes.values() if event_type in regime.event_types), None)

    def for_regime(self, regime: Regime) -> tuple[Requirement, ...]:
        return tuple(item for item in self.items if regime.code in item.regimes)

    def item(self, code: str) -> Requirement:
        return next(item for item in self.items if item.code == code)


def _texts(record: dict, key: str, where: str) -> dict[str, str]:
    texts = record.get(key)
    if not isinstance(texts, dict) or any(
        not isinstance(texts.get(lang), str) or not texts[lang] for lang in LANGUAGES
    ):
        raise RequirementsError(f"{PATH.name}: {where} needs {key} in {', '.join(LANGUAGES)}.")
    return dict(texts)


def parse(document: dict) -> Requirements:
    if not isinstance(document, dict) or not isinstance(document.get("version"), int) or not document.get("source"):
        raise RequirementsError(f"{PATH.name}: the file needs a version (a number) and a source.")
    regimes = {}
    for code, record in (document.get("regimes") or {}).items():
        regimes[code] = Regime(
            code=code,
            event_types=tuple(record.get("event_types") or ()),
            article=str(record.get("article") or ""),
            article_in=_texts(record, "article_in", f"regime {code}"),
        )
        if not regimes[code].article or not regimes[code].event_types:
            raise RequirementsError(f"{PATH.name}: regime {code} needs an article and event types.")
    items, seen = [], set()
    for record in document.get("items") or ():
        code = record.get("code") if isinstance(record, dict) else None
        where = f"item {code or '?'}"
        if not code or code in seen:
            raise RequirementsError(f"{PATH.name}: {where}: every item needs a code of its own.")
        seen.add(code)
        if record.get("answer") not in ANSWERS:
            raise RequirementsError(f"{PATH.name}: {where}: unknown answer {record.get('answer')!r}.")
        if record.get("status") not in STATUSES:
            raise RequirementsError(f"{PATH.name}: {where}: status must be one of {', '.join(STATUSES)}.")
        if not record.get("source"):
            raise RequirementsError(f"{PATH.name}: {where}: say where the item comes from (source).")
        item_regimes = tuple(record.get("regimes") or ())
        if not item_regimes or set(item_regimes) - set(regimes):
            raise RequirementsError(f"{PATH.name}: {where}: regimes must be among {', '.join(regimes)}.")
        items.append(
            Requirement(
                code=code,
                answer=record["answer"],
                regimes=item_regimes,
                status=record["status"],
                label_in=_texts(record, "label", where),
                required=bool(record.get("required", True)),
            )
        )
    return Requirements(
        version=document["version"], source=str(document["source"]), regimes=regimes, items=tuple(items)
    )


@cache
def requirements() -> Requirements:
    with PATH.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))
