"""A person page's fact lists as HTML in one pass: the timeline and the claims.

The rows come from `views/records.py::person_facts` as plain dicts with their labels, dates
and citations ready. Built in Python for the same reason as `{% citations %}`: the headline
person's page has 60 facts, and the template's loop cost about 40 microseconds of tag and
variable nodes per fact, most of that page's rendering.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from khavaran.web.templatetags.khavaran import (
    DATE_FIELDS,
    citation_labels,
    citations_html,
    date_span,
)

register = template.Library()


def _date(shown: dict[str, Any]) -> str:
    return f'{escape(shown["gregorian"])} <span class="alt">({escape(shown["solar"])})</span>'


def _when(entry: dict[str, Any], undated: str) -> str:
    start, end = entry["start"], entry["end"]
    if not start:
        return f"{undated} \u2013 {_date(end)}" if end else undated
    if set(DATE_FIELDS) <= start.keys() and (not end or set(DATE_FIELDS) <= end.keys()):
        return _date(date_span(start, end) or start)
    # A row that brings only the words of its dates (no days to compare them by): a one-day
    # event still reads once.
    same = not end or (end["gregorian"], end["solar"]) == (start["gregorian"], start["solar"])
    return _date(start) if same else f"{_date(start)} \u2013 {_date(end)}"


def _what(url_prefix: str, entry: dict[str, Any], confidence: str) -> str:
    if entry["kind"] == "tenure":
        org = f", {escape(entry['organization'])}" if entry["organization"] else ""
        return (
            f"<strong>{escape(entry['title'])}</strong>{org}"
            f" <small>{confidence}: {escape(entry['confidence'])}</small>"
        )
    return (
        f'<strong>{escape(entry["role"])}</strong>: <a href="{url_prefix}/incidents/'
        f'{entry["incident_id"]}/">{escape(entry["incident_title"])}</a>'
    )


@register.simple_tag(takes_context=True)
def timeline_items(context: template.Context, entries: list[dict[str, Any]]) -> SafeString:
    """The `<li>` of each tenure and incident: when, what, and its citations."""
    prefix = str(context.get("prefix", ""))
    undated, confidence = escape(_("date unknown")), escape(_("confidence"))
    labels = citation_labels()
    items = (
        f'<li class="{e["kind"]}"><span class="when">{_when(e, undated)}</span>\n'
        f"{_what(escape(prefix), e, confidence)}\n"
        f"{citations_html(prefix, e['citations'], labels)}</li>\n"
        for e in entries
    )
    return mark_safe("".join(items))


@register.simple_tag(takes_context=True)
def claim_items(context: template.Context, claims: list[dict[str, Any]]) -> SafeString:
    """The `<li>` of each claim: question and value linking to the claim, its assessment, its
    citations."""
    prefix = str(context.get("prefix", ""))
    labels = citation_labels()
    items = (
        f'<li><a href="{escape(prefix)}/claims/{c["id"]}/">{escape(c["question"])}: '
        f"{escape(c['value'])}</a> \u2014 {escape(c['assessment'])}"
        f"{citations_html(prefix, c['citations'], labels)}</li>"
        for c in claims
    )
    return mark_safe("".join(items))
