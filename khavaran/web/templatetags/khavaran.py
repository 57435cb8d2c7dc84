"""Template helpers: vocabulary labels in the reader's language, fuzzy dates in two calendars,
search snippets with their hits marked, a fact's citations, numbers in the reader's digits,
people's names in the reader's script first, and an audit event's changes as lines."""

from __future__ import annotations

import json
import math
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from html import escape
from types import SimpleNamespace
from typing import Any, Protocol

from django import template
from django.conf import settings
from django.forms import BaseForm
from django.template.defaultfilters import stringfilter
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from khavaran.evidence import access as evidence_access
from khavaran.search.engine import MARK_END, MARK_START
from khavaran.text.arabic_script import arabic_script_share
from khavaran.vocabulary import VOCABULARIES, label
from khavaran.web.forms import FIELD_LABELS
from khavaran.web.permissions import HISTORY_READERS
from khavaran.web.queries import Citation
from khavaran.web.rendering import reader_digits, snippet_html, text_with_excerpts
from khavaran.web.sessions import seconds_left

register = template.Library()


def _lang() -> str:
    return "fa" if (get_language() or "en").startswith("fa") else "en"


def current_lang() -> str:
    """The reader's language as vocabularies and dates name it ("en" or "fa")."""
    return _lang()


# The header's links per (language, public site, role): the same HTML for everyone who shares
# them, and a fifth of a short page's rendering when built from the template every time.
_NAV: dict[tuple[str, bool, str | None], SafeString] = {}


@register.simple_tag(takes_context=True)
def site_nav(context: template.Context) -> SafeString:
    """`_nav.html` for this language, site and role: built once per combination and kept.

    It holds links and their translated labels only, nothing read from the records or the
    user beyond the role (None: not signed in)."""
    user = context.get("user")
    public = bool(context.get("public"))
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else None
    key = (get_language() or "en", public, role)
    html = _NAV.get(key)
    if html is None:
        values = {"public": public, "authenticated": role is not None, "role": role}
        html = _NAV[key] = mark_safe(render_to_string("khavaran/_nav.html", values).strip())
    return html


@register.simple_tag
def vocab(vocabulary: str, value: str, lang: str | None = None) -> str:
    """The label of a vocabulary value, or the value itself when it is not in the vocabulary.
    A view that labels many values passes `lang` (`current_lang()`) rather than look it up
    for each."""
    if value in VOCABULARIES.get(vocabulary, {}):
        return label(vocabulary, value, lang or _lang())
    return value


_AUDIT_ACTIONS = {
    "create": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "cite": gettext_lazy("cited more passages"),
    "link": gettext_lazy("linked"),
    "extract": gettext_lazy("extracted"),
    "collected": gettext_lazy("collected"),
    "exported": gettext_lazy("exported"),
    "custody-report": gettext_lazy("custody report handed out"),
    "delete": gettext_lazy("deleted"),
}


_HIT_KINDS = {
    "source": gettext_lazy("source"),
    "excerpt": gettext_lazy("excerpt"),
    "name": gettext_lazy("name"),
    "claim": gettext_lazy("claim"),
}


class DateLike(Protocol):
    """A stored fuzzy date: the model, or a page's row of its columns."""

    earliest: date
    latest: date
    original: str
    calendar: str
    precision: str


@register.filter
def snapshot_lines(snapshot: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """An audit snapshot as (field, value) lines, values as JSON (a plain reader's notation)."""
    return [
        (key, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        for key, value in sorted((snapshot or {}).items())
    ]


@register.filter
def audit_action(action: str) -> str:
    """What an audit entry did, in the reader's language (a review's status stays as written)."""
    return str(_AUDIT_ACTIONS.get(action, action))


@register.filter
def hit_kind(kind: str) -> str:
    """A search hit's kind (source, excerpt, name, claim) in the reader's language."""
    return str(_HIT_KINDS.get(kind, kind))


@register.filter
def reads_history(user: Any) -> bool:
    """Whether the History tab is offered to this user (see permissions.HISTORY_READERS)."""
    return getattr(user, "role", None) in HISTORY_READERS


@register.filter
def unless_same(end: DateLike | None, start: DateLike | None) -> DateLike | None:
    """An end date worth showing after its start: none when there is none, or when it says
    the same days (a one-day event is not "31 July – 31 July")."""
    if end is None or start is None:
        return end
    return None if (end.earliest, end.latest) == (start.earliest, start.latest) else end


# The dash of a span ("July–September 1988"): a date written with one is itself a range.
_DASH = "\u2013"
# A date's columns, as a page's dict of a date holds them (`date_span` reads either).
DATE_FIELDS = ("earliest", "latest", "original", "calendar", "precision")


def _as_date(value: DateLike | Mapping[str, Any] | None) -> DateLike | None:
    if isinstance(value, Mapping):
        return SimpleNamespace(**{field: value[field] for field in DATE_FIELDS})
    return value


@register.filter
def date_span(
    start: DateLike | Mapping[str, Any] | None, end: DateLike | Mapping[str, Any] | None
) -> dict[str, str] | None:
    """When something happened, start to end, as one span in each calendar ({"gregorian",
    "solar"}): the one rule for an incident's page, every list of incidents and a person's
    timeline. None when the start is unknown. A date is a model, a row, or a dict of its
    `DATE_FIELDS`.

    The end is shown only when it says other days than the start, and the span reads as one:
    "July–September 1988" (the year once), "from July 1988 to some time in 1988" for an end known
    only to a wider period that holds the start; where the start or the end is itself a range
    in a calendar ("10 Tir – 9 Mordad 1367" for July 1988), the span is written in that
    calendar as one range, from the start's earliest day to the end's latest ("10 Tir – 8 Mehr
    1367"), never as two ranges joined by a third dash."""
    first = _as_date(start)
    if first is None:
        return None
    last = unless_same(_as_date(end), first)
    lang = _lang()
    return {
        calendar: _span_words(first, last, calendar, lang) for calendar in ("gregorian", "solar")
    }


def _span_words(start: DateLike, end: DateLike | None, calendar: str, lang: str) -> str:
    first = _formatted(start, calendar, lang)
    if end is None:
        return first
    last = _formatted(end, calendar, lang)
    if _DASH in first or _DASH in last:
        # One range from the start's first possible day to the end's last.
        latest = max(end.latest, start.latest)
        return _described(start.earliest, latest, "", "gregorian", "range", calendar, lang)
    if end.earliest <= start.earliest and start.latest <= end.latest:
        # The end is known only to a period that holds the start (the burial that began in
        # July 1988 and ended in 1988): "July 1988 – 1988" would read as ending before it began.
        return _("from %(start)s to some time in %(end)s") % {"start": first, "end": last}
    return _joined(first, last)


def _joined(first: str, last: str) -> str:
    """Two dates as a span, the year they share written once ("July–September 1988",
    "22 February – March 2017"); the dash spaced when either side is more than a word."""
    head, _space, year = first.rpartition(" ")
    last_head = last.rpartition(" ")[0]
    if head and year.isdigit() and year == last.rpartition(" ")[2]:
        first = head
    tight = " " not in first and " " not in last_head
    return f"{first}{_DASH if tight else f' {_DASH} '}{last}"


@register.filter
def gregorian(fd: DateLike | None) -> str:
    return _formatted(fd, "gregorian")


@register.filter
def solar_hijri(fd: DateLike | None) -> str:
    return _formatted(fd, "solar")


def _formatted(fd: DateLike | None, calendar: str, lang: str | None = None) -> str:
    if fd is None:
        return ""
    fields = (fd.earliest, fd.latest, fd.original, fd.calendar, fd.precision or "range")
    return _described(*fields, calendar, lang or _lang())


def both_calendars(fd: DateLike, lang: str) -> tuple[str, str]:
    """`|gregorian` and `|solar_hijri` of a date, for a view that prepares many."""
    return _formatted(fd, "gregorian", lang), _formatted(fd, "solar", lang)


@lru_cache(maxsize=4096)
def _described(
    earliest: date,
    latest: date,
    original: str,
    source_calendar: str,
    precision: str,
    calendar: str,
    lang: str,
) -> str:
    """The words for a date, remembered: converting between calendars is the slow part of a
    page of dates, and the words depend on these values and nothing else."""
    from khavaran.text import dates

    value = dates.FuzzyDate(
        earliest=earliest,
        latest=latest,
        original=original,
        calendar=dates.Calendar(source_calendar),
        precision=dates.Precision(precision),
    )
    if calendar == "gregorian":
        return dates.format_gregorian(value, lang)  # type: ignore[arg-type]
    return dates.format_solar_hijri(value, lang)  # type: ignore[arg-type]


@register.filter
def moment(value: datetime | date | None) -> str:
    """When something was done: the UTC time as the log keeps it (to the minute for a time,
    the day for a date) and, beside it, the day in the Solar Hijri calendar."""
    if value is None:
        return ""
    day = value.astimezone(UTC).date() if isinstance(value, datetime) else value
    shown = (
        value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        if isinstance(value, datetime)
        else value.isoformat()
    )
    solar = _described(day, day, "", "gregorian", "day", "solar", _lang())
    return f"{reader_digits(shown)} · {solar}"


@register.filter
def digits(value: Any) -> str:
    """A number or date the system formats, in the reader's digits (`rendering.reader_digits`:
    Persian digits on a Persian page). Not for hashes, ids in addresses, or a source's words."""
    return "" if value is None else reader_digits(str(value))


@register.filter
def choice_group(field: Any) -> bool:
    """Whether a form field is a group of boxes or buttons (several checkboxes, radio
    buttons): a group needs a fieldset and legend, a single label names only one of them."""
    widget = field.field.widget
    return getattr(widget, "input_type", "") in ("checkbox", "radio") and hasattr(
        widget, "allow_multiple_selected"
    )


@register.filter
def figure(value: Any) -> str:
    """A count or an estimate as a reader quotes it: rounded, thousands grouped (the Arabic
    thousands separator on a Persian page), in the reader's digits; an unbounded end of an
    interval in words, never "inf"."""
    if value is None:
        return "–"
    number = float(value)
    if math.isinf(number):
        return _("no upper bound") if number > 0 else _("no lower bound")
    if math.isnan(number):
        return "–"
    grouped = f"{round(number):,}"
    if _lang() == "fa":
        grouped = grouped.replace(",", "\u066c")
    return reader_digits(grouped)


@register.filter
def snippet(text: str) -> SafeString:
    return snippet_html(text)


# A claim's indexed text starts with its value (`records.actions.claim_document`): a date there
# is written as stored ("2009-12-19"), its parts perhaps marked as hits.
_LEADING_VALUE = re.compile(f"^[0-9{MARK_START}{MARK_END}-]+(?=\\s|$)")


@register.filter
def hit_snippet(hit: Any) -> SafeString:
    """A search hit's snippet (`snippet`); a claim's date at its start in both calendars, the
    reader's first, as the claim's page shows it."""
    text = str(hit.snippet)
    if hit.kind == "claim":
        text = _LEADING_VALUE.sub(lambda m: _snippet_date(m.group(0), str(hit.title)), text)
    return snippet_html(text)


def _snippet_date(value: str, question: str) -> str:
    stored = value.replace(MARK_START, "").replace(MARK_END, "")
    dated = _ISO_DATE.fullmatch(stored) or question.partition(":")[0] in DATE_TOPICS
    words = date_words(stored, _lang()) if dated else None
    if words is None:
        return value
    return f"{MARK_START}{words}{MARK_END}" if MARK_START in value else words


# Media types whose text is Markdown: their headings are shown as headings.
MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})


@register.simple_tag(takes_context=True)
def source_text(context: template.Context) -> SafeString:
    """A source's text as the page shows it: the view's `text_html`, or, for a Markdown
    source, the same text with its headings shown as headings (`rendering.text_with_excerpts`
    with `markdown`: the characters and so the excerpts' offsets are unchanged)."""
    source, shown = context.get("source"), context.get("text_html", "")
    if source is None or getattr(source, "media_type", "") not in MARKDOWN_TYPES:
        return mark_safe(shown)
    request = context.get("request")
    focus = request.GET.get("excerpt", "") if request is not None else ""
    # The excerpt to show first, as its link writes it (any digits, an id's length at most).
    focused = int(focus) if focus.isdecimal() and len(focus) <= 12 else None
    excerpts = context.get("excerpts") or []
    return text_with_excerpts(source.text, excerpts, focused, markdown=True)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter(is_safe=True)
@stringfilter
def clip(text: str, length: int) -> str:
    """`truncatechars`, with a shortcut for text that already fits (most quotes): Django's
    filter walks every character in Python to skip combining marks, the same NFC text here."""
    if len(text) <= length:
        return unicodedata.normalize("NFC", text)
    return Truncator(text).chars(length)


# Quotation marks as each language writes them: «…» on a Persian page, “…” on an English one.
_QUOTES = {"fa": ("\u00ab", "\u00bb"), "en": ("\u201c", "\u201d")}


@register.filter(is_safe=True)
def quoted(text: str, lang: str | None = None) -> str:
    """A quotation in the marks of the page's language (escaping is the caller's, as usual)."""
    opening, closing = _QUOTES[lang or _lang()]
    return f"{opening}{text}{closing}"


@register.simple_tag
def sep() -> str:
    """The comma between items of a list in the page's language ("، " on a Persian page)."""
    return "\u060c " if _lang() == "fa" else ", "


# How a custody event was made and its note, as the web and the pipeline write them (English
# in the chain, which is evidence and never rewritten): shown in the reader's language.
_CUSTODY_METHODS: dict[str, Promise] = {"web upload": gettext_lazy("web upload")}
_CUSTODY_METHOD_PATTERNS = [
    (
        re.compile(r"^web case file download \((?P<format>[\w.-]+)\)$"),
        gettext_lazy("web case file download (%(format)s)"),
    ),
]
_CUSTODY_NOTES = [
    (
        re.compile(r"^same bytes ingested again as (?P<name>.+)$", re.DOTALL),
        gettext_lazy("same bytes ingested again as %(name)s"),
    ),
]


def _translated(
    text: str, exact: Mapping[str, Promise], patterns: Sequence[tuple[re.Pattern[str], Promise]]
) -> str:
    if text in exact:
        return str(exact[text])
    for pattern, words in patterns:
        found = pattern.match(text)
        if found:
            return str(words) % found.groupdict()
    return text


@register.filter
def custody_method(method: str) -> str:
    """A custody event's method in the reader's language; a command ("khavaran import-facts")
    or an extractor's name stays as written."""
    return _translated(method, _CUSTODY_METHODS, _CUSTODY_METHOD_PATTERNS)


@register.filter
def custody_note(note: str) -> str:
    """A custody event's note in the reader's language when the system wrote it; a person's
    note stays as written."""
    return _translated(note, {}, _CUSTODY_NOTES)


def _source_title(excerpt: Any) -> str:
    # `citations_prefetch` annotates the title (empty where the public may not see it); an
    # excerpt loaded otherwise reads its source.
    title = getattr(excerpt, "source_title", None)
    shown = str(title if title is not None else excerpt.source.title)
    return shown or evidence_access.untitled_title(excerpt.source_id)


@register.filter
def public_title(source: Any) -> str:
    """A source's title as the public site shows it (`evidence.access.public_title`)."""
    return evidence_access.public_title(source)


def _citation(prefix: str, e: Any, page: str, lang: str = "en") -> str:
    # `prefix` and `page` come escaped. `html.escape` is what Django's `escape` calls, without
    # its lazy-string wrapper per call.
    # The page number in the reader's digits: `page` is the word in the reader's language, so
    # `_citation_row` remembers each language's HTML apart.
    where = f", {page} {reader_digits(str(e.page))}" if e.page else ""
    title = _source_title(e)
    return (
        # Each part isolated (bdi): an English quote on a Persian page keeps its quote marks
        # and its place before the source's title.
        # Each in its own language, for a screen reader's voice.
        f'\n<li><bdi lang="{_language_of(e.quoted_text)}"><a href="{prefix}/sources/'
        f'{e.source_id}/?excerpt={e.pk}#excerpt-{e.pk}"'
        f' class="cite">{quoted(escape(clip(e.quoted_text, 160)), lang)}</a></bdi> \u2014 '
        f'<bdi class="src" lang="{_language_of(title)}">{escape(title)}</bdi>{where}</li>\n'
    )


@lru_cache(maxsize=4096)
def _citation_row(prefix: str, row: Citation, page: str, lang: str) -> str:
    """`_citation` of a row, remembered: the HTML depends on these values alone (the quote
    and title included, so an edit gives a new entry), and the headline person's page prints
    the same 200 citations on every view."""
    return _citation(prefix, row, page, lang)


def citation_labels() -> tuple[str, str]:
    """The words `citations_html` prints, escaped, in the reader's language: a renderer of
    many facts looks them up once rather than per fact."""
    return escape(_("No citation you may see.")), escape(_("page"))


def citations_html(
    prefix: str, excerpts: Iterable[Any], labels: tuple[str, str] | None = None
) -> str:
    """A fact's visible excerpts as links into their sources, or a note that there is none:
    escaped HTML, for a renderer that builds a page's fact lists in one pass."""
    items = list(excerpts)
    none, page = labels or citation_labels()
    if not items:
        return f'<p class="muted">{none}</p>'
    prefix = escape(prefix)
    lang = _lang()
    # Only rows are remembered: a model instance hashes by its id alone, not its text.
    rows = "".join(
        [
            _citation_row(prefix, e, page, lang)
            if type(e) is Citation
            else _citation(prefix, e, page, lang)
            for e in items
        ]
    )
    return f'<ul class="citations">{rows}</ul>'


@register.simple_tag(takes_context=True)
def citations(context: template.Context, excerpts: Iterable[Any]) -> SafeString:
    """`citations_html` as a tag.

    Built in Python rather than an included template: a person page shows hundreds of
    citations, and the include with its loop was most of that page's time.
    """
    return mark_safe(citations_html(str(context.get("prefix", "")), excerpts))


# Claim properties and questions as the shipped case, the importers and the extractors write
# them ("victim_count", "number-killed:massacre-1988"). A key not listed here is one a person
# typed, and is shown as typed.
CLAIM_PROPERTIES = {
    "victim_count": gettext_lazy("number of people killed"),
    "count": gettext_lazy("count"),
    "said": gettext_lazy("said"),
    "stated": gettext_lazy("stated"),
    "called": gettext_lazy("called"),
    "house_arrest_period": gettext_lazy("period of house arrest"),
    "characterised_as": gettext_lazy("legal characterisation"),
    "birth_date": gettext_lazy("date of birth"),
    "birth_place": gettext_lazy("place of birth"),
    "death_date": gettext_lazy("date of death"),
    "described_by_family": gettext_lazy("as the family describes it"),
}
QUESTION_TOPICS = {
    "number-killed": gettext_lazy("Number of people killed"),
    "house-arrest": gettext_lazy("House arrest"),
    "statement": gettext_lazy("Statement"),
    "defence": gettext_lazy("Defence"),
    "legal-characterisation": gettext_lazy("Legal characterisation"),
    "birth": gettext_lazy("Birth"),
    "birthplace": gettext_lazy("Place of birth"),
    "death": gettext_lazy("Death"),
    "burial-site": gettext_lazy("Burial site"),
    "name-of-commission": gettext_lazy("Name of the commission"),
}


@register.filter
def property_label(predicate: str) -> str:
    """A claim's property in the reader's language ("victim_count" -> "number of people
    killed"); one a person typed stays as typed."""
    return str(CLAIM_PROPERTIES.get(predicate, predicate))


@register.filter
def question_label(question: str) -> str:
    """A claim's question by its topic, in the reader's language ("number-killed:massacre-1988"
    -> "Number of people killed"); the page names the subject beside it. A question a person
    wrote in words stays as written."""
    topic = question.partition(":")[0]
    return str(QUESTION_TOPICS.get(topic, question))


@register.simple_tag
def question_title(question: str, subject: str = "") -> str:
    """A question's label with its subject ("Number of people killed: Mass execution of ...")."""
    label = question_label(question)
    known = label != question
    return f"{label}: {subject}" if known and subject else label


def claim_label(claim: Any, subject: str = "") -> str:
    """A claim in words, for a list to choose from: its topic and subject, its value in the
    reader's digits, and whom the source attributes it to ("Number of people killed: Mass
    execution of political prisoners: 2,000, according to Amnesty International"). A question
    a person wrote in words stays as written; a key with no topic is said by its property."""
    topic = question_label(claim.question)
    if topic == claim.question and claim.predicate in CLAIM_PROPERTIES:
        topic = capfirst(str(CLAIM_PROPERTIES[claim.predicate]))
    question = f"{topic}: {subject}" if subject and topic != claim.question else topic
    fields = {"question": question, "value": claim_value(claim)}
    if claim.attributed_to:
        whom = _("%(question)s: %(value)s, according to %(attributed_to)s")
        return whom % (fields | {"attributed_to": claim.attributed_to})
    return _("%(question)s: %(value)s") % fields


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


# A value typed as digits and their separators only ("2025-04", "1367/05/10", "4,000"): a
# notation, not words, so it is written in the reader's digits like a figure.
_NOTATION = re.compile(r"^[0-9][0-9\s\-\u2013/.,:]*$")


# Claims whose value is a date: by their property, or, for a row that brings only the
# question ("death:montazeri"), by its topic. A value written "1988-08-24" is a date whatever
# the property.
DATE_PROPERTIES = frozenset({"birth_date", "death_date"})
DATE_TOPICS = frozenset({"birth", "death"})
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?")


def _is_figure(claim: Any) -> bool:
    return any(
        getattr(claim, f, None) is not None for f in ("value_number", "value_min", "value_max")
    )


def _dated(claim: Any) -> bool:
    predicate = getattr(claim, "predicate", None)
    if predicate:
        return predicate in DATE_PROPERTIES or str(predicate).endswith("_date")
    return str(getattr(claim, "question", "")).partition(":")[0] in DATE_TOPICS


def claim_date(claim: Any) -> str | None:
    """A claim's value as a date in both calendars, the reader's first ("2 Shahrivar 1367
    (24 August 1988)" on a Persian page, "24 August 1988 (2 Shahrivar 1367)" on an English
    one); None when the value is a figure or not a date."""
    if _is_figure(claim):
        return None
    text = str(getattr(claim, "value_text", "") or "").strip()
    if not (_ISO_DATE.fullmatch(text) or (text and _dated(claim))):
        return None
    return date_words(text, _lang())


@lru_cache(maxsize=1024)
def date_words(text: str, lang: str) -> str | None:
    """A date as a source or a claim wrote it, in both calendars, the reader's first; None
    when the text is not a date."""
    from khavaran.text import dates

    try:
        fd = dates.parse_fuzzy_date(text)
    except dates.UnparseableDate:
        return None
    fields = (fd.earliest, fd.latest, fd.original, fd.calendar.value, fd.precision.value)
    gregorian, solar = _described(*fields, "gregorian", lang), _described(*fields, "solar", lang)
    first, other = (solar, gregorian) if lang == "fa" else (gregorian, solar)
    return first if first == other else f"{first} ({other})"


@register.filter
def claim_kind(claim: Any) -> str:
    """What a claim's value is: "figure", "date" or "words" (a page words its links by it)."""
    if _is_figure(claim):
        return "figure"
    return "date" if claim_date(claim) is not None else "words"


@register.filter
def claim_value(claim: Any) -> str:
    """A claim's value: a figure or a notation in digits in the reader's digits, a date in
    both calendars (`claim_date`), a text as the source gives it."""
    when = claim_date(claim)
    if when is not None:
        return when
    shown = str(claim.value_display)
    return reader_digits(shown) if _is_figure(claim) or _NOTATION.match(shown) else shown


@register.filter
def claim_figure(claim: Any) -> SafeString:
    """A claim's value with its qualifier as the source gives it ("300 (more than)"): a
    figure without its "more than", "about" or "fewer than" says something else."""
    html = f"<bdi>{escape(claim_value(claim))}</bdi>"
    if claim.qualifier:
        html += f' <span class="qualifier">(<bdi>{escape(claim.qualifier)}</bdi>)</span>'
    return mark_safe(html)


# People's names: the reader's script first. A name is anything with `script`, `text`, `pk`.
def reader_names(names: Iterable[Any], lang: str | None = None) -> tuple[str, str]:
    """(first, beside): on a Persian page the first Persian-script name and the first Latin
    one beside it; on an English page the Latin one first (and the Persian one beside)."""
    ordered = sorted(names, key=lambda n: (n.script, n.pk))
    persian = next((n.text for n in ordered if n.script == "persian"), "")
    latin = next((n.text for n in ordered if n.script == "latin"), "")
    first, beside = (persian, latin) if (lang or _lang()) == "fa" else (latin, persian)
    if not first:
        first, beside = beside or (ordered[0].text if ordered else ""), ""
    return first, beside


@register.filter
def person_name(person: Any, both: str = "") -> SafeString:
    """A person's name for the reader: on a Persian page the Persian-script name and the Latin
    one beside it; on an English page the Latin one (and the Persian beside it with "both").
    Reads the names already loaded (`visible_names_prefetch`), so only names the user may see."""
    lang = _lang()
    first, beside = reader_names(person.names.all(), lang)
    if not first:
        return mark_safe(escape(str(person)))
    html = _name_html(first)
    if beside and (lang == "fa" or both):
        html += f' <span class="alt">· {_name_html(beside)}</span>'
    return mark_safe(html)


def _name_html(text: str) -> str:
    # Each name isolated in its own direction: a Latin name on a Persian page, and back.
    rtl = any("\u0600" <= ch <= "\u06ff" for ch in text)
    return (
        f'<bdi lang="{"fa" if rtl else "en"}" dir="{"rtl" if rtl else "ltr"}">{escape(text)}</bdi>'
    )


def _language_of(text: str) -> str:
    """The language attribute a title or a quote gets: Persian where most of its letters are
    in Arabic script, else English (the two languages Khavaran's sources come in)."""
    return "fa" if arabic_script_share(text) > 0.5 else "en"


@register.filter
def isolated(text: Any) -> SafeString:
    """Text in its own language and direction (`<bdi lang>`): an English incident title on a
    Persian page keeps the date after it whole, and a screen reader reads it in its voice."""
    shown = str(text or "")
    return mark_safe(f'<bdi lang="{_language_of(shown)}">{escape(shown)}</bdi>')


# Fields no reader needs in a change: the row's own id, and the ids of date rows (their words
# are in `<field>_value`).
HIDDEN_FIELDS = {"id", "start_id", "end_id", "birth_date_id"}
# Which vocabulary labels a field's values; `kind` depends on the record.
FIELD_VOCABULARIES = {
    "confidentiality": "confidentiality",
    "assessment": "assessment",
    "confidence": "confidence",
    "script": "script",
    "role": "participant_role",
}
# A case's, an accusation's and an element link's fields that the record forms do not label.
CASE_FIELD_LABELS = {
    "crimes": gettext_lazy("Crimes alleged"),
    "element": gettext_lazy("Element"),
    "crime": gettext_lazy("Crime"),
    "strength": gettext_lazy("Strength"),
    "note": gettext_lazy("Note"),
    "case_id": gettext_lazy("Case"),
    "claim_id": gettext_lazy("Claim"),
    "tenure_id": gettext_lazy("Tenure"),
}
CASE_FIELD_VOCABULARIES = {"element": "element", "crime": "crime", "strength": "link_strength"}
KIND_VOCABULARIES = {
    "records.Incident": "incident_kind",
    "records.Organization": "organization_kind",
    "records.Place": "place_kind",
    "records.Name": "name_kind",
    "evidence.Source": "source_kind",
}


def _snapshot_value(model: str, field: str, value: Any, lang: str) -> str:
    if value is None or value == "":
        return "—"
    if field == "question":
        return question_label(str(value))
    if field == "predicate":
        return property_label(str(value))
    if field.endswith("_id") and isinstance(value, int):
        return f"#{value}"  # a row's id, as its address shows it
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field == "crimes" and isinstance(value, list):
        return "; ".join(vocab("crime", str(crime), lang) for crime in value) or "—"
    vocabulary = (
        KIND_VOCABULARIES.get(model)
        if field == "kind"
        else FIELD_VOCABULARIES.get(field) or CASE_FIELD_VOCABULARIES.get(field)
    )
    if vocabulary and isinstance(value, str):
        return vocab(vocabulary, value, lang)
    if isinstance(value, dict) and "earliest" in value:
        return _snapshot_date(value, lang)
    if isinstance(value, list):
        shown = ngettext("%(n)s passage", "%(n)s passages", len(value)) % {"n": len(value)}
        return reader_digits(shown, lang)
    if isinstance(value, int | float):
        return reader_digits(_number(value), lang)
    return str(value)


def _snapshot_date(value: dict[str, Any], lang: str) -> str:
    try:
        earliest, latest = (
            date.fromisoformat(value["earliest"]),
            date.fromisoformat(value["latest"]),
        )
        fields = (value.get("original") or "", value["calendar"], value.get("precision") or "range")
        return _described(earliest, latest, *fields, "gregorian", lang)
    except (KeyError, TypeError, ValueError):
        return json.dumps(value, ensure_ascii=False)


@register.filter
def record_name(record: Any) -> str:
    """A record as a page heading names it: a claim by its question's label and its value;
    anything else as it names itself (a person's names are not read here: only a page that
    loaded the names its reader may see chooses among them)."""
    from khavaran.records.models import Claim

    if isinstance(record, Claim):
        return f"{question_label(record.question)}: {claim_value(record)}"
    # A person whose visible names the view loaded (`visible_names_prefetch`): the name in the
    # reader's script, as `person_name` shows it.
    if "names" in getattr(record, "_prefetched_objects_cache", {}):
        return reader_names(record.names.all())[0] or str(record)
    return str(record)


@register.filter
def changes(event: Any) -> list[dict[str, str]]:
    """An audit event's changed fields as lines a reader follows: label, before, after (before
    is empty for a record's creation). Values are labelled (vocabularies, dates, yes/no) in the
    reader's language; the raw event stays on the page for staff who need it."""
    lang = _lang()
    before, after = event.before or {}, event.after or {}
    lines = []
    for field in sorted(set(before) | set(after), key=_field_order):
        old, new = before.get(field), after.get(field)
        created_empty = event.before is None and (new is None or new == "" or new is False)
        if field in HIDDEN_FIELDS or old == new or created_empty:
            continue
        lines.append(
            {
                "label": str(CASE_FIELD_LABELS.get(field) or FIELD_LABELS.get(field, field)),
                "before": _snapshot_value(event.model, field, old, lang)
                if event.before is not None
                else "",
                "after": _snapshot_value(event.model, field, new, lang),
            }
        )
    return lines


def _field_order(field: str) -> tuple[int, str]:
    # The form's order where there is one, then the rest alphabetically.
    order = list(FIELD_LABELS)
    return (order.index(field), "") if field in order else (len(order), field)


@register.simple_tag
def once_seed() -> str:
    """A new seed for this rendering's one-time form tokens (`web/once.py`): `khavaran.js`
    numbers the page's POST forms after it."""
    return secrets.token_urlsafe(12)


@register.simple_tag(takes_context=True)
def page_has_errors(context: template.Context) -> bool:
    """Whether this page answers a form sent with mistakes: a bound form in the page with
    errors, or a refusal the view put in `error`. The page's title then says so first."""
    values = context.flatten().values()
    if any(isinstance(v, BaseForm) and v.is_bound and v.errors for v in values):
        return True
    return bool(context.get("error"))


class CaptureNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist, self.name = nodelist, name

    def render(self, context: template.Context) -> str:
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser: Any, token: Any) -> CaptureNode:
    """`{% capture as name %}...{% endcapture %}`: what the block renders, kept in `name`
    (the base template's title, to say it inside a translated sentence). A `{% block %}`
    inside stays a block that child templates fill."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}...{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


# The warning comes this long before the session ends (WCAG 2.2.1 asks for at least 20 s).
SESSION_WARNING_SECONDS = 120


@register.inclusion_tag("khavaran/_session_warning.html", takes_context=True)
def session_warning(context: template.Context) -> dict[str, Any]:
    """The dialog that warns before the signed-in session ends (`khavaran.js` opens it)."""
    age = settings.SESSION_COOKIE_AGE
    warn = min(SESSION_WARNING_SECONDS, age // 2)
    return {
        "seconds_left": seconds_left(context["request"]) if "request" in context else age,
        "warn_seconds": warn,
        "warn_minutes": max(1, warn // 60),
        "idle_minutes": age // 60,
        "session_age": age,
        "keep_alive": reverse("keep-alive"),
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }
