"""Which column holds which field: common English and Persian headers, then ``--map``.

Fields are the linkage engine's record columns plus ``affiliation``. A header matches after
folding case, punctuation, Arabic letter forms and the ZWNJ, so "Father's name", "father_name"
and "نام‌ پدر" all find ``father_name``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from khavaran.analysis.errors import MappingError
from khavaran.text.arabic_script import normalize_arabic_script

FIELDS: tuple[str, ...] = (
    "given_name",
    "family_name",
    "full_name",
    "father_name",
    "birth_year",
    "city",
    "prison",
    "death_date",
    "affiliation",
)
DATE_FIELDS: tuple[str, ...] = ("birth_year", "death_date")
NAME_FIELDS: tuple[str, ...] = ("given_name", "family_name", "full_name")

# Folded headers per field. "name"/"نام" alone is the given name beside a family-name column
# and the full name otherwise (see _resolve_bare_name).
_HEADERS: dict[str, tuple[str, ...]] = {
    "given_name": (
        "given name",
        "first name",
        "firstname",
        "forename",
        "prenom",
        "نام کوچک",
        "اسم",
    ),
    "family_name": (
        "family name",
        "familyname",
        "last name",
        "lastname",
        "surname",
        "nom",
        "نام خانوادگی",
        "نام فامیل",
        "فامیلی",
        "شهرت",
    ),
    "full_name": (
        "full name",
        "fullname",
        "name and surname",
        "victim",
        "victim name",
        "نام کامل",
        "نام و نام خانوادگی",
        "نام ونام خانوادگی",
        "نام قربانی",
    ),
    "father_name": ("father", "father s name", "fathers name", "father name", "نام پدر", "پدر"),
    "birth_year": (
        "birth year",
        "year of birth",
        "born",
        "birth",
        "date of birth",
        "birth date",
        "dob",
        "سال تولد",
        "تولد",
        "تاریخ تولد",
        "متولد",
    ),
    "city": ("city", "town", "place", "hometown", "birthplace", "شهر", "محل تولد", "زادگاه"),
    "prison": ("prison", "place of detention", "detention", "زندان", "محل زندان", "بازداشتگاه"),
    "death_date": (
        "date of execution",
        "execution date",
        "executed",
        "date of death",
        "death date",
        "death",
        "died",
        "تاریخ اعدام",
        "تاریخ شهادت",
        "تاریخ مرگ",
        "تاریخ فوت",
        "اعدام",
    ),
    "affiliation": (
        "affiliation",
        "organization",
        "organisation",
        "party",
        "political affiliation",
        "group",
        "وابستگی",
        "وابستگی سیاسی",
        "سازمان",
        "گروه",
        "هواداری",
        "جریان سیاسی",
    ),
}
_BARE_NAME = frozenset({"name", "نام"})
_NOT_WORD = re.compile(r"[\W_]+")


def fold_header(header: str) -> str:
    """A header in the form the tables above use: lower case, one space between words."""
    text = normalize_arabic_script(header, zwnj=" ").casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


_LOOKUP: dict[str, str] = {
    fold_header(h): field for field, headers in _HEADERS.items() for h in headers
}


def detect_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Map each recognized header to its field (the first column wins a field).

    Example:
        >>> detect_mapping(["نام", "نام خانوادگی", "نام پدر", "سال تولد"])["father_name"]
        'نام پدر'
    """
    mapping: dict[str, str] = {}
    for header in headers:
        field = _LOOKUP.get(fold_header(header))
        if field is not None and field not in mapping:
            mapping[field] = header
    _resolve_bare_name(headers, mapping)
    return mapping


def _resolve_bare_name(headers: Sequence[str], mapping: dict[str, str]) -> None:
    bare = next((h for h in headers if fold_header(h) in _BARE_NAME), None)
    if bare is None:
        return
    target = "given_name" if "family_name" in mapping else "full_name"
    mapping.setdefault(target, bare)


def build_mapping(
    headers: Sequence[str], overrides: Mapping[str, str], saved: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Detected headers, then a saved mapping, then ``--map`` overrides, checked.

    Raises:
        MappingError: an unknown field, a column not in the file, or no name column.
    """
    mapping = detect_mapping(headers)
    for source in (saved or {}, overrides):
        for field, column in source.items():
            _check_pair(field, column, headers)
            mapping[field] = column
    if not any(field in mapping for field in ("given_name", "family_name", "full_name")):
        raise MappingError(
            f"no name column found among {', '.join(repr(h) for h in headers)}; give one with "
            "--map full_name=COLUMN, or --map given_name=COLUMN --map family_name=COLUMN"
        )
    # A full-name column beside given and family columns stays mapped: some lists fill one
    # or the other row by row. parse_row keeps it only where both are empty, so that the
    # engine never reads a name twice.
    return mapping


def _check_pair(field: str, column: str, headers: Sequence[str]) -> None:
    if field not in FIELDS:
        raise MappingError(f"--map {field}=…: unknown field; the fields are {', '.join(FIELDS)}")
    if column not in headers:
        raise MappingError(
            f"--map {field}={column}: no column {column!r}; the columns are "
            f"{', '.join(repr(h) for h in headers)}"
        )


def parse_map_options(options: Sequence[str]) -> dict[str, str]:
    """``("father_name=Father", ...)`` as a dict.

    Raises:
        MappingError: an option without ``=``.
    """
    pairs: dict[str, str] = {}
    for option in options:
        field, sep, column = option.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise MappingError(f"--map {option!r}: write FIELD=COLUMN, e.g. father_name=Father")
        pairs[field.strip()] = column.strip()
    return pairs
