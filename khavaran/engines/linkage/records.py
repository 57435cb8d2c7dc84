"""List records: the columns the engine reads, and the normalized columns it links on."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache

import numpy as np
import pandas as pd

from khavaran.text.name_data import GIVEN_NAMES, RARE_GIVEN_NAMES
from khavaran.text.person_names import is_given_name, name_key, split_full_name, strip_honorifics

from .dates import DateParseError, parse_date_range

RECORD_COLUMNS: tuple[str, ...] = (
    "record_id", "list_name", "given_name", "family_name", "full_name", "father_name",
    "birth_year", "city", "prison", "death_date", "birth_earliest", "birth_latest",
    "death_earliest", "death_latest",
)  # fmt: skip
# Dates already read (ISO days, as the list import stores them): used instead of the text.
RANGE_COLUMNS = {
    "birth_year": ("birth_earliest", "birth_latest"),
    "death_date": ("death_earliest", "death_latest"),
}
# Columns the model compares; the ``*_key`` ones come from names.name_key.
PREPARED_COLUMNS: tuple[str, ...] = (
    "uid", "list_name", "given_key", "given_ukey", "given_ckey", "given_hkey", "family_key",
    "family_ukey", "family_ckey", "family_hkey", "name_pair", "father_key", "father_ukey",
    "father_ckey", "father_hkey", "birth_lo",
    "birth_hi", "city_key", "prison_key", "death_lo", "death_hi", "death_day", "given_rare",
    "family_rare", "titled", "given_known", "father_known", "given_parts", "father_parts",
    "given_initial", "family_initial", "father_initial",
)  # fmt: skip
NUMERIC_COLUMNS = frozenset(
    {"birth_lo", "birth_hi", "death_lo", "death_hi", "death_day", "titled", "given_known",
     "father_known"}
)  # fmt: skip
# A name key held by at most this many records is rare enough to block on alone: one person's
# records (six lists and their duplicates give a dozen at most) and a few namesakes.
RARE_NAME_RECORDS = 20
UID_SEPARATOR = ":"
_RUNS = re.compile(r"(.)\1+")
# A name written as its first letter (H., ح.): a letter and at most a dot.
_INITIAL = re.compile(r"^\s*[^\W\d_]\s*\.?\s*$")
# Heads of compound given names that are no names alone (Gholam-Hossein, Abdol-Karim); as in
# khavaran.text.person_names.is_given_name.
_COMPOUND_HEADS = ("غلام", "gholam", "عبدال", "abdol", "abdul")


class RecordError(ValueError):
    """A list record the engine cannot read; the message names the list, row and field."""


@dataclass(frozen=True)
class ListRecord:
    """One row of an imported victim list, its fields as the list wrote them.

    Give ``given_name`` and ``family_name`` when the list has both columns, ``full_name``
    when it has one. Dates are text in either calendar (1367, 1988-08-15, ۱۳۶۷/۰۵/۲۴); a
    caller that has read them already (the list import) gives their first and last days as
    ISO dates in ``*_earliest`` / ``*_latest``, and the engine uses those, not the text.

    Example:
        >>> record = ListRecord("r1", "memorial", full_name="Seyed Ali Hosseini", birth_year="1340")
    """

    record_id: str
    list_name: str
    given_name: str | None = None
    family_name: str | None = None
    full_name: str | None = None
    father_name: str | None = None
    birth_year: str | None = None
    city: str | None = None
    prison: str | None = None
    death_date: str | None = None
    birth_earliest: str | None = None
    birth_latest: str | None = None
    death_earliest: str | None = None
    death_latest: str | None = None


def records_frame(records: Iterable[ListRecord] | pd.DataFrame) -> pd.DataFrame:
    """The records as a DataFrame with exactly RECORD_COLUMNS (missing columns are empty).

    Raises:
        RecordError: a record has no id or list name, or an id repeats within its list.
    """
    if isinstance(records, pd.DataFrame):
        frame = records.copy()
    else:
        frame = pd.DataFrame([asdict(r) for r in records], columns=list(RECORD_COLUMNS))
    for column in RECORD_COLUMNS:
        if column not in frame:
            frame[column] = None
    frame = frame[list(RECORD_COLUMNS)].astype(object)
    frame = frame.where(frame.notna(), None)
    _check_ids(frame)
    return frame.reset_index(drop=True)


def _check_ids(frame: pd.DataFrame) -> None:
    for column in ("record_id", "list_name"):
        empty = frame[column].isna() | (frame[column].astype(str).str.strip() == "")
        if empty.any():
            row = int(np.flatnonzero(empty.to_numpy())[0])
            raise RecordError(f"row {row}: field {column!r} is empty; every record needs one")
    repeated = frame.duplicated(["list_name", "record_id"])
    if repeated.any():
        row = int(np.flatnonzero(repeated.to_numpy())[0])
        raise RecordError(
            f"list {frame.at[row, 'list_name']!r}, row {row}: record_id "
            f"{frame.at[row, 'record_id']!r} repeats; give each record of a list its own id"
        )


def input_hash(frame: pd.DataFrame) -> str:
    """SHA-256 of the records in a fixed order, so a stored run names the data it used."""
    ordered = frame.sort_values(["list_name", "record_id"], kind="stable")
    return hashlib.sha256(ordered.to_csv(index=False).encode("utf-8")).hexdigest()


def _map_unique(values: pd.Series, function: object) -> pd.Series:
    # Names repeat across hundreds of thousands of rows: key each spelling once.
    assert callable(function)
    uniques = values.dropna().unique()
    table = {value: function(value) for value in uniques}
    return values.map(table)


def _split_names(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    given, family = frame["given_name"].copy(), frame["family_name"].copy()
    only_full = given.isna() & family.isna() & frame["full_name"].notna()
    if only_full.any():
        parts = _map_unique(frame.loc[only_full, "full_name"], split_full_name)
        given.loc[only_full] = parts.map(lambda p: p[0])
        family.loc[only_full] = parts.map(lambda p: p[1])
    return _given_first(given, family)


def _known(text: str) -> bool:
    return is_given_name(strip_honorifics(text)[0])


def _known_given_names(values: pd.Series) -> pd.Series:
    # 1 where the name is a given name of the lexicon (name_data), compounds included.
    return _map_unique(values, _known).eq(True).astype("int64")


def _given_first(given: pd.Series, family: pd.Series) -> tuple[pd.Series, pd.Series]:
    # Some lists swap the columns (Ahmadi / Ali). Put a known given name back in the given
    # column, so that agreeing on it weighs as a given name does, not as a rare family name.
    given_known = _map_unique(given, _known).eq(True)
    family_known = _map_unique(family, _known).eq(True)
    swap = given.notna() & family_known & ~given_known
    given, family = given.copy(), family.copy()
    given[swap], family[swap] = family[swap].to_numpy(), given[swap].to_numpy()
    return given, family


def _name_keys(values: pd.Series, keep_u: bool) -> pd.Series:
    def key(text: str) -> str:
        return name_key(strip_honorifics(text)[0], keep_u=keep_u)

    keys = _map_unique(values, key)
    return keys.where(keys.notna() & (keys != ""), None)


def _date_columns(
    frame: pd.DataFrame, field: str, unit: str, errors: list[str]
) -> tuple[pd.Series, pd.Series]:
    def bounds(text: str) -> tuple[int, int] | None:
        try:
            parsed = parse_date_range(text)
        except DateParseError as error:
            errors.append(str(error))
            return None
        if parsed is None:
            return None
        return _bounds(parsed.earliest, parsed.latest, unit)

    first, last = RANGE_COLUMNS[field]
    stored = frame[first].notna() & frame[last].notna()
    parsed = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    parsed[~stored] = _map_unique(frame.loc[~stored, field], bounds)
    if stored.any():
        days = zip(frame.loc[stored, first], frame.loc[stored, last], strict=True)
        read = [_bounds(_day(lo), _day(hi), unit) for lo, hi in days]
        parsed[stored] = pd.Series(read, index=frame.index[stored], dtype=object)
    low = parsed.map(lambda b: b[0] if isinstance(b, tuple) else None)
    high = parsed.map(lambda b: b[1] if isinstance(b, tuple) else None)
    return low.astype("Int64"), high.astype("Int64")


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _bounds(earliest: date, latest: date, unit: str) -> tuple[int, int]:
    if unit == "year":
        return earliest.year, latest.year
    return earliest.toordinal(), latest.toordinal()


@dataclass(frozen=True)
class Prepared:
    """Records ready for the model.

    Attributes:
        table: one row per record with PREPARED_COLUMNS.
        records: the records as given (RECORD_COLUMNS), same row order.
        unread_dates: messages for date fields that could not be read (left empty).
    """

    table: pd.DataFrame
    records: pd.DataFrame
    unread_dates: tuple[str, ...]


def prepare(records: Iterable[ListRecord] | pd.DataFrame) -> Prepared:
    """Add the normalized columns the model links on.

    Args:
        records: ListRecords, or a DataFrame with (some of) RECORD_COLUMNS.

    Returns:
        Prepared; ``table.uid`` is ``list_name:record_id``. Unreadable dates become empty and
        are reported in ``unread_dates`` rather than stopping a run over thousands of rows.

    Example:
        >>> prepare([ListRecord("1", "a", "محمدرضا", "احمدی")]).table.at[0, "given_key"]
        'mhmdrz'
    """
    frame = records_frame(records)
    given, family = _split_names(frame)
    table = pd.DataFrame({"uid": frame["list_name"] + UID_SEPARATOR + frame["record_id"]})
    table["list_name"] = frame["list_name"]
    for column, values in (("given", given), ("family", family), ("father", frame["father_name"])):
        table[f"{column}_key"] = _name_keys(values, keep_u=False)
        table[f"{column}_ukey"] = _name_keys(values, keep_u=True)
        table[f"{column}_ckey"] = _consonant_keys(table[f"{column}_key"])
        table[f"{column}_hkey"] = _h_free_keys(table[f"{column}_key"])
    table["given_known"] = _known_given_names(given)
    table["father_known"] = _known_given_names(frame["father_name"])
    table["given_parts"] = _map_unique(table["given_key"], name_parts)
    table["father_parts"] = _map_unique(table["father_key"], name_parts)
    for column, values in (("given", given), ("family", family), ("father", frame["father_name"])):
        table[f"{column}_initial"] = _initials(values, table[f"{column}_key"])
    table["name_pair"] = _name_pairs(table["given_key"], table["family_key"])
    table["given_rare"] = _rare(table["given_key"])
    table["family_rare"] = _rare(table["family_key"])
    errors: list[str] = []
    table["birth_lo"], table["birth_hi"] = _date_columns(frame, "birth_year", "year", errors)
    table["death_lo"], table["death_hi"] = _date_columns(frame, "death_date", "day", errors)
    # Only a full date narrows a block; "1988" would put a year's deaths in one block.
    table["death_day"] = table["death_lo"].where(table["death_lo"] == table["death_hi"])
    table["titled"] = _titled(frame)
    table["city_key"] = place_keys(frame["city"])
    table["prison_key"] = place_keys(frame["prison"])
    table = table[list(PREPARED_COLUMNS)]
    # A column no list fills (no list names fathers, say) comes out as float NaN, which the
    # database types DOUBLE, and Splink's string comparisons on it then fail to compile.
    text = [c for c in PREPARED_COLUMNS if c not in NUMERIC_COLUMNS]
    table[text] = table[text].astype("str")
    return Prepared(table, frame, tuple(errors))


@lru_cache(maxsize=1)
def _lexicon_keys() -> tuple[frozenset[str], frozenset[str]]:
    """The keys of the lexicon's given names, and of the heads a compound may start with."""
    names = GIVEN_NAMES + RARE_GIVEN_NAMES
    known = {name_key(text) for pair in names for text in pair}
    heads = {name_key(head) for head in _COMPOUND_HEADS}
    return frozenset(known - {""}), frozenset(heads)


def name_parts(key: str) -> str:
    """The lexicon given names a given name's key is made of, as ``|part|part|``.

    A name is a short form of another only if it is a whole part of it: Reza (``rz``) of
    Mohammad-Reza (``mhmd|rz``), not Ahmad (``hmd``) of Mohammad (``mhmd``), whose letters
    it merely shares.

    Example:
        >>> name_parts(name_key("Mohammadreza")), name_parts(name_key("Mohammad"))
        ('|mhmdrz|mhmd|rz|', '|mhmd|')
    """
    known, heads = _lexicon_keys()
    parts = [key]
    for i in range(2, len(key) - 1):
        head, rest = key[:i], key[i:]
        if rest in known and (head in known or head in heads):
            parts += [p for p in (head, rest) if p in known and p not in parts]
    return "|" + "|".join(parts) + "|"


def _initials(values: pd.Series, keys: pd.Series) -> pd.Series:
    # The key of a name written as its first letter (Behrouz H.), else empty: an initial agrees
    # with any name that starts with its letter, and with no other.
    initial = _map_unique(values, lambda text: bool(_INITIAL.match(strip_honorifics(text)[0])))
    return keys.where(initial.eq(True) & keys.notna(), None)


def _titled(frame: pd.DataFrame) -> pd.Series:
    # Any title (strip_honorifics): Seyyed, the commonest, marks descent, a fact about the
    # person that some lists write and others leave out.
    def has_title(text: str) -> bool:
        return bool(strip_honorifics(text)[1])

    names = ("given_name", "family_name", "full_name")
    titled = [_map_unique(frame[c], has_title).eq(True) for c in names]
    return (titled[0] | titled[1] | titled[2]).astype("int64")


def _rare(keys: pd.Series) -> pd.Series:
    # Most family names in a large list are rare (name_pools); agreeing on one is worth
    # scoring even when the other name is mistyped and nothing else is shared.
    counts = keys.map(keys.value_counts())
    return keys.where(counts <= RARE_NAME_RECORDS, None)


def _consonant_keys(keys: pd.Series) -> pd.Series:
    # Without the i class, Kazim meets Kazem and Rizaay meets Rezaei.
    def strip(key: str) -> str:
        return _RUNS.sub(r"\1", key.replace("i", ""))

    stripped = _map_unique(keys, strip)
    return stripped.where(stripped.notna() & (stripped != ""), None)


def place_keys(values: pd.Series) -> pd.Series:
    # Lists write Tehran as Teheran, Teran or Tihran: no vowels, no inner h. Places are a
    # short list, so the coarse key seldom confuses two (the 27 cities and 22 prisons of
    # name_data keep distinct keys); a coarser key than the names', for that reason.
    def key(text: str) -> str:
        skeleton = name_key(text)
        return _RUNS.sub(r"\1", skeleton[:1] + skeleton[1:].replace("h", "").replace("i", ""))

    keys = _map_unique(values, key)
    return keys.where(keys.notna() & (keys != ""), None)


def _h_free_keys(keys: pd.Series) -> pd.Series:
    # Latin lists often write the eh of Mehdi, Tehrani, Salehi as a plain e (Medi, Terani,
    # Salei); without its inner h the key meets them. A first h (Hassan) is kept.
    def strip(key: str) -> str:
        return _RUNS.sub(r"\1", key[:1] + key[1:].replace("h", ""))

    stripped = _map_unique(keys, strip)
    return stripped.where(stripped.notna() & (stripped != ""), None)


def _name_pairs(given: pd.Series, family: pd.Series) -> pd.Series:
    first = given.astype(object).fillna("").to_numpy(dtype=object)
    second = family.astype(object).fillna("").to_numpy(dtype=object)
    low = np.where(first <= second, first, second)
    high = np.where(first <= second, second, first)
    pairs = pd.Series(low + "|" + high, index=given.index)
    # A pair with either side empty would block thousands of unrelated records together.
    return pairs.where((first != "") & (second != ""), None)
