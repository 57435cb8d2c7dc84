"""Template helpers: vocabulary labels in the reader's language, fuzzy dates in two calendars,
search snippets with their hits marked, a fact's citations."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from functools import lru_cache
from html import escape
from typing import Any, Protocol

from django import template
from django.template.defaultfilters import stringfilter
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from khavaran.evidence import access as evidence_access
from khavaran.vocabulary import VOCABULARIES, label
from khavaran.web.permissions import HISTORY_READERS
from khavaran.web.queries import Citation
from khavaran.web.rendering import snippet_html

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
    return f"{shown} · {_described(day, day, '', 'gregorian', 'day', 'solar', _lang())}"


@register.filter
def snippet(text: str) -> SafeString:
    return snippet_html(text)


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


def _source_title(excerpt: Any) -> str:
    # `citations_prefetch` annotates the title (empty where the public may not see it); an
    # excerpt loaded otherwise reads its source.
    title = getattr(excerpt, "source_title", None)
    shown = str(title if title is not None else excerpt.source.title)
    return shown or _("Source %(n)s") % {"n": excerpt.source_id}


@register.filter
def public_title(source: Any) -> str:
    """A source's title as the public site shows it (`evidence.access.public_title`)."""
    return evidence_access.public_title(source)


def _citation(prefix: str, e: Any, page: str) -> str:
    # `prefix` and `page` come escaped. `html.escape` is what Django's `escape` calls, without
    # its lazy-string wrapper per call.
    where = f", {page} {e.page}" if e.page else ""
    return (
        # Each part isolated (bdi): an English quote on a Persian page keeps its quote marks
        # and its place before the source's title.
        f'\n<li><bdi><a href="{prefix}/sources/{e.source_id}/?excerpt={e.pk}#excerpt-{e.pk}"'
        f' class="cite">\u201c{escape(clip(e.quoted_text, 160))}\u201d</a></bdi> \u2014 '
        f'<bdi class="src">{escape(_source_title(e))}</bdi>{where}</li>\n'
    )


@lru_cache(maxsize=4096)
def _citation_row(prefix: str, row: Citation, page: str) -> str:
    """`_citation` of a row, remembered: the HTML depends on these values alone (the quote
    and title included, so an edit gives a new entry), and the headline person's page prints
    the same 200 citations on every view."""
    return _citation(prefix, row, page)


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
    # Only rows are remembered: a model instance hashes by its id alone, not its text.
    rows = "".join(
        [
            _citation_row(prefix, e, page) if type(e) is Citation else _citation(prefix, e, page)
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
