"""Redaction of the authorities' quoted words before a share link shows them: no Django here.

A quote from an akimat names people in every grammatical case and spelling ("Ковалёвой С.А.",
"Ковалевой Светланы", "Kovalyova S.", "гр. Нурлановой А."), names a lawyer nobody in Ruqsat knows,
and gives phone numbers. `Redactor(names).redact(text)` replaces:

- every form of every known person's name: each part of each name is expanded to its Russian case
  forms (pymorphy3's lexeme for the surname, first name or patronymic, plus the regular surname and
  first-name endings for names the dictionary does not know), Latin spellings are turned into
  Cyrillic and expanded the same way, and every word is compared by a *key* that folds ё/е, the
  Kazakh letters and the common transliteration systems together (Kovalyova = Kovaleva = Kovalyeva
  = Ковалёва = Ковалева); a Kazakh case ending after a known name (-ның, -ға, -ды, -да, -дан, -мен …)
  is stripped before the comparison;
- any word that looks like a person's name although nobody knows it: a Russian word pymorphy3 reads
  as a surname, first name or patronymic; an unknown capitalised word with a Russian surname ending
  (-ов, -ева, -ина … in any case) or a Kazakh patronymic (-ұлы, -қызы); a capitalised Latin word
  with such an ending; a capitalised word next to initials;
- initials ("С.А.", "С. А.", an initial beside a name), phone numbers (+7 / 8, with spaces, dashes,
  brackets), email addresses and 12-digit ИИН (БИН too: the same shape).

Blotting out a word too many is the safe side: a coordinator reviews every quote before it is
published and may restore a street name. `Redactor.review(text)` marks what still looks like a name
for that review. What Kazakh coverage is and is not: README, "Redaction".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pymorphy3

NAME_GRAMMEMES = frozenset({"Surn", "Name", "Patr"})
# A pymorphy3 reading as a name below this weight is the predictor guessing ("Медеуского района"
# reads as a surname at 0.02): not enough on its own to blot a word out, enough to highlight it.
NAME_SCORE = 0.1
# Words of officialdom that pymorphy3 also knows as names ("акима города" reads as the name Аким).
NOT_NAMES = frozenset({"аким"})

LETTERS = "A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"
UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
WORD = re.compile(rf"[{LETTERS}]+")
TITLE = re.compile(rf"^[{UPPER}][^{UPPER}]*$")
CAPITALISED = re.compile(rf"^[{UPPER}]")
LATIN = re.compile(r"^[A-Za-z]+$")
INITIAL = rf"[{UPPER}]\."
INITIALS = re.compile(rf"{INITIAL}(?:\s?{INITIAL})?(?![{LETTERS}])")
TWO_INITIALS = re.compile(rf"^{INITIAL}\s?{INITIAL}$")
SPACES = re.compile(r"\s*")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# ИИН (and an organisation's БИН) is 12 digits; written solid or as 6 + 6.
IIN = re.compile(r"(?<!\d)\d{6}\s?\d{6}(?!\d)")
_SEP = r"[\s\-‐–—.]*"
PHONES = [
    # +7 / 8 / 7, an area code in brackets or not, then 3-2-2 digits with any separators.
    re.compile(rf"(?<![\w+])(?:\+\s*7|8|7){_SEP}\(?\s*\d{{3}}\s*\)?{_SEP}\d{{3}}{_SEP}\d{{2}}{_SEP}\d{{2}}(?!\d)"),
    # A local number with its code in brackets, "(727) 272-12-34", or alone, "272-12-34".
    re.compile(r"\(\d{3,5}\)\s*\d{1,3}[\s\-–]?\d{2}[\s\-–]?\d{2}(?!\d)"),
    re.compile(r"(?<![\d\-–])\d{2,3}[\-–]\d{2}[\-–]\d{2}(?![\d\-–])"),
]

# Contact details, in the order they are looked for (an email holds digits; an ИИН is longer than a phone).
CONTACTS = [("email", EMAIL), ("iin", IIN), *(("phone", phone) for phone in PHONES)]

# Russian surname endings by case (Ковалёв, Ковалёва, Ковалёву, Ковалёвым, Ковалёвой, Ковалёвых …).
SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын)(?:а|у|ой|ою|ым|е|ы|ых|ыми)?$")
SURNAME_CASES = ("", "а", "у", "ым", "е", "ой", "ою", "ы", "ых", "ыми")
ADJECTIVE_SURNAME = re.compile(r"(?:ск|цк)(?:ий|ая)$")
ADJECTIVE_CASES = ("ий", "ого", "ому", "им", "ом", "ая", "ой", "ую", "ою", "ие", "их", "ими")
FEMININE_NAME_CASES = ("ы", "и", "е", "у", "ой", "ою", "ей", "ею")  # Светлана, Жансая
CONSONANT_NAME_CASES = ("а", "у", "ом", "е", "ым", "ем", "ю", "я")  # Дархан, Нурлан
LATIN_SURNAME = re.compile(r"(?:ov|ev|ova|eva|ina|yna|uly|ulu|kyzy|qyzy|kizi|enko|sky|skiy|skii|skaya)$", re.I)

# Kazakh case endings (genitive, dative, accusative, locative, ablative, instrumental) after a
# name, as keys (ның → nin). Kazakh names decline by suffix, not by Russian endings.
KAZAKH_CASE_ENDINGS = [
    *("ның", "нің", "дың", "дің", "тың", "тің"),  # genitive
    *("ға", "ге", "қа", "ке", "на", "не", "а", "е"),  # dative
    *("ны", "ні", "ды", "ді", "ты", "ті", "н"),  # accusative
    *("да", "де", "та", "те", "нда", "нде"),  # locative
    *("дан", "ден", "тан", "тен", "нан", "нен"),  # ablative
    *("мен", "бен", "пен"),  # instrumental
]
KAZAKH_PATRONYMIC = ("ұлы", "улы", "қызы", "кызы")

CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip
# Spellings the transliteration systems (BGN/PCGN, ISO 9 without marks, passports, Kazakh Latin)
# disagree on, folded to one: yo/io/ye/je → e, ya/ia/ja → a, yu/iu/ju → u, zh/j, kh/h, ts/c, q/k, y/i.
LATIN_FOLDS = [
    (re.compile(r"shch|sch"), "sh"),
    (re.compile(r"dzh|dj|zh"), "ʒ"),  # not "j": "je" folds to "e" below
    (re.compile(r"kh|gh(?=[aeiouy])"), "h"),
    (re.compile(r"ts|tz"), "c"),
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"[yj]o|io|[yj]e"), "e"),
    (re.compile(r"[yij]a"), "a"),
    (re.compile(r"[yij]u"), "u"),
    (re.compile(r"y"), "i"),
    (re.compile(r"ı"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
]
LATIN_TO_CYRILLIC = [
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("yo", "ё"), ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("iu", "ю"), ("ia", "я"),
    ("a", "а"), ("b", "б"), ("c", "ц"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"), ("h", "х"),
    ("i", "и"), ("j", "ж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"), ("w", "в"), ("x", "кс"),
    ("y", "ы"), ("z", "з"),
]  # fmt: skip


@functools.cache
def morph() -> pymorphy3.MorphAnalyzer:
    """One analyzer per process: it loads the dictionary (about 15 MB) once."""
    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=100000)
def key(word: str) -> str:
    """A word's spelling-blind key: Cyrillic and Kazakh letters transliterated, then the systems'
    differences folded, so each spelling of a name has the same key."""
    word = "".join(CYRILLIC_TO_LATIN.get(char, char) for char in word.lower())
    word = "".join(char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char))
    previous = None
    while previous != word:  # "mariya" → "maria" → "mara", as "Maria" does
        previous = word
        for pattern, replacement in LATIN_FOLDS:
            word = pattern.sub(replacement, word)
    return word


KAZAKH_ENDING_KEYS = sorted({key(ending) for ending in KAZAKH_CASE_ENDINGS}, key=len, reverse=True)
KAZAKH_PATRONYMIC_KEY = re.compile(
    rf"(?:{'|'.join(key(p) for p in KAZAKH_PATRONYMIC)})(?:{'|'.join(KAZAKH_ENDING_KEYS)})?$"
)


def to_cyrillic(word: str) -> str:
    """A Latin spelling of a name in Cyrillic, roughly ("Kenzhebayeva" → "кенжебаева"): good enough
    for pymorphy3 to decline it, since the keys absorb the rest."""
    word, out = word.lower(), []
    while word:
        for latin, cyrillic in LATIN_TO_CYRILLIC:
            if word.startswith(latin):
                # y after a vowel or at the end is й (Dmitriy, Aybek), elsewhere ы.
                if latin == "y" and (not out or out[-1] in "аеиоуыэюяё" or len(word) == 1):
                    cyrillic = "й"
                out.append(cyrillic)
                word = word[len(latin) :]
                break
        else:
            out.append(word[0])
            word = word[1:]
    return "".join(out)


@functools.lru_cache(maxsize=20000)
def is_dictionary_word(word: str) -> bool:
    return morph().word_is_known(word.lower())


def _name_parses(word: str):
    return [parse for parse in morph().parse(word) if NAME_GRAMMEMES & parse.tag.grammemes]


@functools.lru_cache(maxsize=20000)
def name_score(word: str) -> float:
    """How strongly pymorphy3 reads `word` as a surname, first name or patronymic (0 to 1)."""
    parses = morph().parse(word)
    # The dictionary's readings only: its predictor reads an unknown city ("Шымкент") as a surname.
    names = [parse for parse in parses if NAME_GRAMMEMES & parse.tag.grammemes and parse.is_known]
    if any(parse.normal_form in NOT_NAMES for parse in names):
        return 0.0
    score = sum(parse.score for parse in names)
    # A place is a fact the share page keeps: "Алматы" reads as a name at 0.125, as a city at 0.875.
    if score <= sum(parse.score for parse in parses if "Geox" in parse.tag.grammemes):
        return 0.0
    return score


@functools.lru_cache(maxsize=20000)
def is_common_word(word: str) -> bool:
    """A dictionary word that is not (only) a name: "дан", "вера", "надежда". Known names that are
    also such words are matched only when capitalised."""
    if not is_dictionary_word(word):  # a quick look-up first: most forms of names are not words
        return False
    return any(parse.is_known and not (NAME_GRAMMEMES & parse.tag.grammemes) for parse in morph().parse(word.lower()))


@functools.lru_cache(maxsize=20000)
def case_forms(part: str) -> frozenset[str]:
    """Every case form of one part of a name, lower case: pymorphy3's lexemes for its readings as
    a name, and the regular endings for names the dictionary does not know."""
    cyrillic = to_cyrillic(part) if LATIN.match(part) else part.lower()
    forms = {part.lower(), cyrillic}
    for parse in _name_parses(cyrillic.capitalize()):
        forms.update(form.word for form in parse.lexeme)
    folded = cyrillic.replace("ё", "е")
    if SURNAME.search(folded):
        stem = folded[:-1] if folded[-1] == "а" else folded
        if SURNAME.search(stem) and not stem.endswith(("ова", "ева", "ина", "ына")):
            forms.update(stem + ending for ending in SURNAME_CASES)
    if ADJECTIVE_SURNAME.search(folded):
        forms.update(folded[:-2] + ending for ending in ADJECTIVE_CASES)
    if folded.endswith(("а", "я")):
        forms.update(folded[:-1] + ending for ending in FEMININE_NAME_CASES)
    elif folded[-1:] not in "аеёиоуыэюяь":
        forms.update(folded + ending for ending in CONSONANT_NAME_CASES)
    return frozenset(forms)


@dataclass(frozen=True)
class Placeholders:
    name: str = "[name]"
    phone: str = "[phone]"
    email: str = "[email]"
    iin: str = "[IIN]"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # "name", "phone", "email", "iin"


@dataclass(frozen=True)
class Segment:
    """A piece of text for the review: `marked` if it still looks like a name or contact."""

    text: str
    marked: bool = False


class Redactor:
    """Redacts text against the names of the people a group knows (see the module's docstring)."""

    def __init__(self, names: Iterable[str] = (), placeholders: Placeholders = Placeholders()):
        self.placeholders = placeholders
        # key → True if a capital letter is needed (a form that is also a common word, or short).
        self.known: dict[str, bool] = {}
        self.known_bases: set[str] = set()  # the names as written: Kazakh endings attach to these
        parts = {part for name in names for part in WORD.findall(name or "") if len(part) >= 2}
        for part in sorted(parts):
            self.known_bases.add(key(part))
            for form in case_forms(part):
                form_key = key(form)
                needs_capital = len(form) <= 3 or is_common_word(form)
                self.known[form_key] = self.known.get(form_key, True) and needs_capital

    # --- what to blot out ---------------------------------------------------------------------

    def _is_known(self, word: str) -> bool:
        capitalised = bool(CAPITALISED.match(word))
        if LATIN.match(word) and not capitalised:
            return False  # "user", "will", "mark" in an English quote: a Latin name is written capitalised
        word_key = key(word)
        if word_key in self.known:
            return capitalised or not self.known[word_key]
        if not capitalised:
            return False
        lower = word.lower()
        return any(  # Айгеримге, Айгериммен: the ending comes off the word, not its key (mm → m)
            lower.endswith(ending) and len(lower) - len(ending) >= 3 and key(lower[: -len(ending)]) in self.known_bases
            for ending in KAZAKH_CASE_ENDINGS
        )

    @staticmethod
    def looks_like_a_name(word: str) -> bool:
        """An unknown word that reads as a person's name (the redaction's test, not the review's)."""
        if not TITLE.match(word) or len(word) < 2:
            return False
        if LATIN.match(word):
            return bool(LATIN_SURNAME.search(word))
        if KAZAKH_PATRONYMIC_KEY.search(key(word)):
            return True
        if name_score(word) >= NAME_SCORE:
            return True
        return bool(SURNAME.search(word.lower().replace("ё", "е"))) and not is_dictionary_word(word)

    @staticmethod
    def _may_be_a_name(word: str) -> bool:
        """A capitalised word that could be a name beside initials: not a known common word."""
        if not TITLE.match(word):
            return False
        return bool(LATIN.match(word)) or name_score(word) > 0 or not is_dictionary_word(word)

    def spans(self, text: str) -> list[Span]:
        """What `redact` replaces, in order, not overlapping."""
        spans: list[Span] = []
        taken = bytearray(len(text) + 1)  # 1 where a span already covers the character

        def free(match) -> bool:
            return not any(taken[match.start() : match.end()])

        def take(match, kind):
            spans.append(Span(match.start(), match.end(), kind))
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())

        for kind, pattern in CONTACTS:
            for match in pattern.finditer(text):
                if free(match):
                    take(match, kind)
        words = [m for m in WORD.finditer(text) if free(m)]
        by_start, by_end = {m.start(): m for m in words}, {m.end(): m for m in words}
        names = {m.start() for m in words if self._is_known(m.group()) or self.looks_like_a_name(m.group())}
        for initial in INITIALS.finditer(text):
            if not free(initial):
                continue
            # "С.А." alone; "Kovalyova S.", "А. Тлеуберди": an initial beside a name, or beside a
            # word that may be one. Only spaces may separate them.
            before = by_end.get(_end_before_spaces(text, initial.start()))
            after = by_start.get(SPACES.match(text, initial.end()).end())
            neighbours = [m for m in (before, after) if m is not None]
            maybe = [m for m in neighbours if m.start() not in names and self._may_be_a_name(m.group())]
            if TWO_INITIALS.match(initial.group()) or maybe or any(m.start() in names for m in neighbours):
                take(initial, "name")
                names.update(m.start() for m in maybe)
        for start in names:
            take(by_start[start], "name")
        return _merge_names(text, sorted(spans, key=lambda span: span.start))

    def redact(self, text: str) -> str:
        out, position = [], 0
        for span in self.spans(text):
            out.append(text[position : span.start])
            out.append(getattr(self.placeholders, span.kind))
            position = span.end
        out.append(text[position:])
        return "".join(out)

    def leaks(self, text: str) -> list[str]:
        """What `text` still holds that a share page must never show, whoever edited it: a known
        person's name, a phone number, an email address, an ИИН. (Unknown name-like words are the
        coordinator's call: they are only highlighted.)"""
        found = [m.group() for _kind, pattern in CONTACTS for m in pattern.finditer(text)]
        found.extend(m.group() for m in WORD.finditer(text) if self._is_known(m.group()))
        return found

    # --- the coordinator's review -------------------------------------------------------------

    def _still_looks_like_a_name(self, text: str, word: re.Match) -> bool:
        value = word.group()
        if self._is_known(value) or self.looks_like_a_name(value):
            return True
        if not TITLE.match(value) or len(value) < 2 or value in self._placeholder_words:
            return False
        if LATIN.match(value):
            return not _starts_a_sentence(text, word.start())
        return name_score(value) > 0 or not is_dictionary_word(value)

    @functools.cached_property
    def _placeholder_words(self) -> set[str]:
        return {w for placeholder in vars(self.placeholders).values() for w in WORD.findall(placeholder)}

    def review(self, text: str) -> list[Segment]:
        """`text` cut into segments, those that still look like a name, an initial or a contact
        marked: the coordinator reads it before publishing."""
        marks = [(m.start(), m.end()) for m in WORD.finditer(text) if self._still_looks_like_a_name(text, m)]
        marks += [m.span() for m in INITIALS.finditer(text)]
        marks += [m.span() for _kind, pattern in CONTACTS for m in pattern.finditer(text)]
        segments, position = [], 0
        for start, end in sorted(marks):
            if start < position:
                continue
            if start > position:
                segments.append(Segment(text[position:start]))
            segments.append(Segment(text[start:end], marked=True))
            position = end
        if position < len(text):
            segments.append(Segment(text[position:]))
        return segments


def _end_before_spaces(text: str, position: int) -> int:
    """Where the text before `position` ends, spaces left out."""
    while position and text[position - 1].isspace():
        position -= 1
    return position


def _starts_a_sentence(text: str, position: int) -> bool:
    end = _end_before_spaces(text, position)
    return end == 0 or text[end - 1] in '\n«"(' or (end < position and text[end - 1] in ".!?…")


def _merge_names(text: str, spans: list[Span]) -> list[Span]:
    """ "Ковалёвой Светланы Андреевны" is one person: one placeholder, not three."""
    merged: list[Span] = []
    for span in spans:
        previous = merged[-1] if merged else None
        if (
            previous
            and previous.kind == span.kind == "name"
            and re.fullmatch(r"[\s\-‐]*", text[previous.end : span.start])
        ):
            merged[-1] = Span(previous.start, span.end, "name")
        else:
            merged.append(span)
    return merged
