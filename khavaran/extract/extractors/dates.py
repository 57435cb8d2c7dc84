"""Dates: Gregorian and Solar Hijri phrases, years and periods, each linked to its clause."""

from __future__ import annotations

import re

from khavaran.extract.context import Context
from khavaran.extract.proposals import Proposal
from khavaran.extract.segments import clause_around

NAME = "dates"

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_YEAR = r"(?<!\d)(?<!\d[,.])(?:1[89]\d\d|20\d\d)(?!\d|[,.]\d)"
_DAY_MONTH = (
    rf"(?:(?:early|late|mid-?|the end of)\s+)?(?:\d{{1,2}}\s+)?{_MONTH}"
    rf"(?:\s+\d{{1,2}}(?!\d),?)?(?:\s+{_YEAR})?"
)
_SEASON = rf"(?:the\s+)?(?:summer|spring|autumn|fall|winter)\s+(?:of\s+)?{_YEAR}"
_FA_DIGITS = r"[0-9۰-۹٠-٩]"
_FA_MONTH = r"(?:فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند)"
_FA_YEAR = rf"(?:[1۱١][3۳٣4۴٤]{_FA_DIGITS}{{2}})"
_FA_DATE = (
    rf"(?:{_FA_DIGITS}{{1,2}}\s+)?{_FA_MONTH}\s+(?:ماه\s+)?(?:سال\s+)?{_FA_YEAR}"
    rf"|(?:تابستان|بهار|پاییز|زمستان)\s+(?:سال\s+)?{_FA_YEAR}"
    rf"|سال\s+{_FA_YEAR}|(?<!{_FA_DIGITS}){_FA_YEAR}(?!{_FA_DIGITS})"
)
# "1367/05/10", "۱۳۶۷/۰۵/۱۰", "1988-08-01" (or day first, "01/08/1988"), one separator throughout;
# listed first so the whole date wins over the year at its start.
_ANY_YEAR = rf"(?:[1۱١][3۳٣4۴٤89۸۹٨٩]|[2۲٢][0۰٠]){_FA_DIGITS}{{2}}"
_NUMERIC_DATE = (
    rf"(?<!{_FA_DIGITS})(?<!{_FA_DIGITS}[/\-])"
    rf"(?:{_ANY_YEAR}([/\-]){_FA_DIGITS}{{1,2}}\1{_FA_DIGITS}{{1,2}}"
    rf"|{_FA_DIGITS}{{1,2}}([/\-]){_FA_DIGITS}{{1,2}}\2{_ANY_YEAR})"
    rf"(?!{_FA_DIGITS})(?![/\-]{_FA_DIGITS})"
)
_ONE = rf"{_SEASON}|{_DAY_MONTH}|{_YEAR}"
_PHRASE = re.compile(
    rf"{_NUMERIC_DATE}"
    rf"|\bbetween\s+(?:{_ONE})\s+and\s+(?:{_ONE})|(?<![\w])(?:{_ONE})|{_FA_DATE}",
    re.IGNORECASE,
)
# A month alone is a date only after a preposition ("in September"): "May" may be a verb.
_LONE_MONTH = re.compile(rf"^(?:{_MONTH})$")
_BEFORE_LONE_MONTH = re.compile(r"\b(?:in|since|until|by|from|of|during)\s+$", re.IGNORECASE)


def extract(context: Context) -> list[Proposal]:
    """A date proposal per date phrase, with its clause and, when possible, its normalized form."""
    proposals: list[Proposal] = []
    for match in _PHRASE.finditer(context.text):
        if not _is_date(context.text, match):
            continue
        sentence = context.sentence_index.around(match.start())
        clause = clause_around(context.text, sentence, match.start(), match.end())
        proposals.append(
            context.proposal("date", match.start(), match.end(), NAME,
                             normalized_date=normalize(match.group()), confidence=0.8,
                             context_start=clause[0], context_end=clause[1])
        )  # fmt: skip
    return proposals


def _is_date(text: str, match: re.Match[str]) -> bool:
    phrase = match.group()
    if phrase[:1].islower() and not re.match(
        r"(?:early|late|mid|the|between|summer|spring|autumn|fall|winter)", phrase
    ):
        return False
    if _LONE_MONTH.match(phrase):
        return bool(_BEFORE_LONE_MONTH.search(text[max(0, match.start() - 12) : match.start()]))
    return True


def normalize(phrase: str) -> str | None:
    """ISO date or "earliest/latest" interval from the shared date parser, when it is installed."""
    try:
        from khavaran.text.dates import UnparseableDate, parse_fuzzy_date
    except ImportError:
        return None
    try:
        date = parse_fuzzy_date(phrase)
    except (UnparseableDate, ValueError):
        return None
    earliest, latest = date.earliest.isoformat(), date.latest.isoformat()
    return earliest if earliest == latest else f"{earliest}/{latest}"
