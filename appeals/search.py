"""Search the authorities' own words (issue 16, item 5): the quoted grounds of refusals, the
timeline entries and the appeal drafts the user may see, in one list, best match first.

On PostgreSQL a query matches in two ways:
- full-text search with the `russian` configuration, whose stemmer finds the inflected forms
  ("ремонтно-монтажные работы" finds "ремонтно-монтажных работ"); the snippet is the database's
  headline (ts_headline) with the matching words marked;
- trigram word similarity (pg_trgm, enabled by appeals' migration 0010), for Kazakh, which has no
  stemmer in PostgreSQL: an agglutinated form shares most trigrams with the typed word
  ("жиналыс" finds "жиналысқа"). pg_trgm counts Cyrillic letters only where the database's
  LC_CTYPE is a UTF-8 locale (C.UTF-8, en_US.UTF-8…), as the case-insensitive search already
  requires (permits/search.py). The words of such a match are marked here, by their shared beginning.
On SQLite (development, most tests) it falls back to the application list's search: the typed text
as it is, whatever its case (permits.search.contains_ignoring_case).

The snippets are HTML: the stored text is what people and authorities typed, so everything in it
is escaped, and only the <mark> elements added here are markup.
"""

import re
import secrets
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection, models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from appeals.models import AppealDraft
from permits.models import Decision, RefusalGround, TimelineEntry
from permits.search import contains_ignoring_case

MIN_QUERY_CHARS = 2
MAX_QUERY_CHARS = 200
# Enough to find a quote again; a longer list means the words typed were too common.
MAX_RESULTS = 50
# pg_trgm's own default for its <% operator: "жиналыс" in "жиналысқа" scores 0.875, an unrelated
# word of the same length near 0.1.
WORD_SIMILARITY_THRESHOLD = 0.6
# Characters of context on each side of the first marked word, in the snippets built here.
SNIPPET_CONTEXT = 90


class ResultKind(models.TextChoices):
    QUOTE = "quote", _("The authority's words")
    TIMELINE = "timeline", _("Timeline")
    DRAFT = "draft", _("Appeal draft")


@dataclass(frozen=True)
class SearchResult:
    kind: str
    application: object  # permits.PermitApplication
    appeal: object | None  # appeals.Appeal, for a draft
    label: str  # what the text is: the refusal reason, the timeline entry's kind and date, the appeal
    snippet: SafeString
    rank: float
    anchor: str = ""  # the part of the application's page the text is on

    @property
    def kind_label(self) -> str:
        return ResultKind(self.kind).label

    @property
    def url(self) -> str:
        if self.appeal is not None:
            return reverse("appeals:workspace", args=[self.appeal.pk])
        return reverse("permits:application_detail", args=[self.application.pk]) + self.anchor


@dataclass(frozen=True)
class _Source:
    kind: str
    fields: tuple[str, ...]  # the text fields searched, joined for the headline

    def rows(self, user):
        if self.kind == ResultKind.QUOTE:
            return RefusalGround.objects.filter(decision__in=Decision.objects.visible_to(user)).select_related(
                "reason", "decision__application"
            )
        if self.kind == ResultKind.TIMELINE:
            return TimelineEntry.objects.visible_to(user).select_related("application")
        return AppealDraft.objects.visible_to(user).select_related("appeal__application")

    def text(self, row) -> str:
        return "\n".join(getattr(row, name) for name in self.fields if getattr(row, name))

    def text_expression(self):
        if len(self.fields) == 1:
            return F(self.fields[0])
        parts = []
        for name in self.fields:
            parts += [Coalesce(F(name), Value(""), output_field=models.TextField()), Value("\n")]
        return Concat(*parts[:-1], output_field=models.TextField())

    def result(self, row, snippet: SafeString, rank: float) -> SearchResult:
        if self.kind == ResultKind.QUOTE:
            application, appeal, label = row.decision.application, None, str(row.reason)
            anchor = f"#decision-{row.decision_id}"
        elif self.kind == ResultKind.TIMELINE:
            application, appeal, anchor = row.application, None, "#timeline"
            label = f"{row.get_kind_display()} · {date_format(row.happened_on)}"
        else:
            application, appeal, anchor = row.appeal.application, row.appeal, ""
            label = str(row.appeal.get_venue_display())
        return SearchResult(self.kind, application, appeal, label, snippet, rank, anchor)


SOURCES = (
    _Source(ResultKind.QUOTE, ("quote",)),
    _Source(ResultKind.TIMELINE, ("summary", "details")),
    _Source(ResultKind.DRAFT, ("text",)),
)


def search_authorities_words(user, text: str) -> list[SearchResult]:
    """What `user` may see whose words match `text` (already validated: SearchForm), best first."""
    if connection.vendor == "postgresql":
        results = [result for source in SOURCES for result in _search_postgresql(source, user, text)]
    else:
        results = [result for source in SOURCES for result in _search_as_typed(source, user, text)]
    results.sort(key=lambda result: -result.rank)
    return results[:MAX_RESULTS]


# --- PostgreSQL: stems and trigrams ------------------------------------------------------------------


def _search_postgresql(source: _Source, user, text: str) -> list[SearchResult]:
    query = SearchQuery(text, config="russian", search_type="websearch")
    # Placeholders the database puts around the words it matched; random per search, so that no
    # stored text can contain them and turn its own words into markup.
    start, stop = f"ruqsatmark{secrets.token_hex(8)}", f"ruqsatendmark{secrets.token_hex(8)}"
    rows = (
        source.rows(user)
        .annotate(
            vector=SearchVector(*source.fields, config="russian"),
            fulltext_rank=SearchRank(F("vector"), query),
            similarity=TrigramWordSimilarity(Value(text), source.text_expression()),
            headline=SearchHeadline(
                source.text_expression(),
                query,
                config="russian",
                start_sel=start,
                stop_sel=stop,
                max_fragments=2,
                max_words=30,
                min_words=12,
                fragment_delimiter=" … ",
            ),
        )
        .filter(Q(vector=query) | Q(similarity__gte=WORD_SIMILARITY_THRESHOLD))
        .order_by((F("fulltext_rank") + F("similarity")).desc(), "-pk")[:MAX_RESULTS]
    )
    results = []
    for row in rows:
        if start in row.headline:
            snippet = _marked(re.split(f"{start}(.*?){stop}", row.headline, flags=re.DOTALL))
        else:  # matched by its trigrams only: mark the words that begin like the typed ones
            snippet = _snippet(source.text(row), _near_form_spans(source.text(row), text))
        results.append(source.result(row, snippet, row.fulltext_rank + row.similarity))
    return results


_WORD = re.compile(r"\w+", re.UNICODE)


def _near_form_spans(text: str, typed: str) -> list[tuple[int, int]]:
    """Spans of the words of `text` that are forms of a typed word: they share its beginning but
    for its last two letters at most (жиналыс → жиналысқа, жиналыстар; ереуіл → ереуілге)."""
    typed_words = [word.lower() for word in _WORD.findall(typed) if len(word) >= MIN_QUERY_CHARS]
    spans = []
    for match in _WORD.finditer(text):
        word = match.group().lower()
        for typed_word in typed_words:
            shared = len(_common_prefix(word, typed_word))
            if shared == len(typed_word) or shared >= max(3, len(typed_word) - 2):
                spans.append(match.span())
                break
    return spans


def _common_prefix(a: str, b: str) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return a[:i]
    return a[: min(len(a), len(b))]


# --- SQLite: the typed text as it is -------------------------------------------------------------------


def _search_as_typed(source: _Source, user, text: str) -> list[SearchResult]:
    matching = reduce(or_, (contains_ignoring_case(name, text) for name in source.fields))
    rows = source.rows(user).filter(matching).order_by("-pk")[:MAX_RESULTS]
    pattern = re.compile(re.escape(text), re.IGNORECASE)
    results = []
    for row in rows:
        row_text = source.text(row)
        results.append(source.result(row, _snippet(row_text, [m.span() for m in pattern.finditer(row_text)]), 0.0))
    return results


def _snippet(text: str, spans: list[tuple[int, int]]) -> SafeString:
    """The part of `text` around its first span, escaped, with every span in it marked."""
    first = spans[0][0] if spans else 0
    begin = max(0, first - SNIPPET_CONTEXT)
    end = min(len(text), (spans[0][1] if spans else 0) + 2 * SNIPPET_CONTEXT)
    # Whole words at the edges.
    if begin > 0:
        space = text.find(" ", begin, first)
        begin = space + 1 if space != -1 else begin
    if end < len(text):
        space = text.rfind(" ", spans[0][1] if spans else 0, end)
        end = space if space != -1 else end
    pieces, position, ellipsis = [], begin, "… " if begin > 0 else ""
    for span_start, span_end in spans:
        if span_start < position or span_end > end:
            continue
        pieces += [ellipsis + text[position:span_start], text[span_start:span_end]]
        position, ellipsis = span_end, ""
    pieces.append(ellipsis + text[position:end] + (" …" if end < len(text) else ""))
    return _marked(pieces)


def _marked(pieces: list[str]) -> SafeString:
    """Plain text and marked words in turn (as re.split gives them), as HTML: all of it escaped, the
    odd pieces in <mark>."""
    return format_html_join(
        "", "{}", ((format_html("<mark>{}</mark>", piece) if i % 2 else piece,) for i, piece in enumerate(pieces))
    )
