"""Cross-script name keys, so that محمدرضا, Mohammad-Reza and Muhammad Riza meet.

Persian script writes consonants and long vowels but not short ones; Latin transliterations
write every vowel, each in its own habit (Mohammad, Muhammad, Mohamed). A key both scripts can
reach therefore keeps only what both write the same way:

* consonants, folded into phonetic classes (ث س ص = s; ق غ = q = gh; خ = kh = x; and ش, چ,
  sh and ch together, because French-style lists write ش as ch: Chirazi for Shirazi);
* the long vowel ی / i / ee / ey / y as one class ``i`` (Persian spells it, Latin spells it);
* nothing else: a, e, o, u, ا, ع and silent final ه / h are dropped, runs are collapsed.

``name_key`` is that skeleton. ``name_key(..., keep_u=True)`` also keeps the long ``u``
(و as a vowel, ou / oo / u), which separates Mahmoud from Mohammad when both sides write it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from khavaran.text.arabic_script import normalize_arabic_script
from khavaran.text.name_data import GIVEN_NAMES, RARE_GIVEN_NAMES

# Persian letters to their consonant class; ا ع ء and vowel-و/ی are handled in code.
_PERSIAN_CLASSES = {
    "ب": "b", "پ": "p", "ت": "t", "ط": "t", "ث": "s", "س": "s", "ص": "s", "ج": "j",
    "چ": "S", "ح": "h", "ه": "h", "خ": "x", "د": "d", "ذ": "z", "ز": "z", "ض": "z",
    "ظ": "z", "ر": "r", "ژ": "j", "ش": "S", "غ": "q", "ق": "q", "ف": "f", "ک": "k",
    "گ": "g", "ل": "l", "م": "m", "ن": "n", "ی": "i",
}  # fmt: skip
_PERSIAN_CARRIERS = "اآعء"
_PERSIAN_VOWEL_LETTERS = "اآوی"
# Arabic spellings ending in ی but read with a final a (مرتضی = Morteza).
_ALEF_MAQSURA_WORDS = {
    "مرتضی", "مصطفی", "موسی", "عیسی", "یحیی", "مجتبی", "کبری", "صغری", "لیلی", "هدی",
}  # fmt: skip
# Latin spellings that carry an Arabic short vowel Persian never writes (Riza for رضا).
_LATIN_ALIASES = {
    "muhammad": "mohammad", "muhammed": "mohammad", "mohammed": "mohammad",
    "mohamed": "mohammad", "muhamad": "mohammad", "riza": "reza", "rida": "reza",
    "ridha": "reza", "kazim": "kazem", "hashim": "hashem", "nasir": "naser",
    "qasim": "ghasem", "qassim": "ghasem", "kadhim": "kazem", "sadiq": "sadegh",
    "baqir": "bagher", "mahdi": "mehdi", "husayn": "hossein",
    "husain": "hossein", "hussain": "hossein", "hussein": "hossein", "mustafa": "mostafa",
    "murtaza": "morteza", "murtada": "morteza", "ibrahim": "ebrahim", "ismail": "esmail",
    "abdul": "abdol", "abdal": "abdol", "fatima": "fatemeh", "zaynab": "zeynab",
    "salih": "saleh",
}  # fmt: skip
# Eshagh (اسحاق) and its derivatives (Eshaghi) write س and ح side by side, never the
# digraph sh; an apostrophe keeps them apart until the digraphs are read (Es'hagh).
_S_H_PREFIXES = re.compile(r"^([ei]s)(h(?:agh|aq))")
# Latin words whose final h is the consonant ح, not the silent ه (Saleh = صالح).
_FINAL_H_CONSONANT = frozenset(
    {"saleh", "fateh", "mosleh", "mesbah", "sabah", "fallah", "falah", "mofleh", "nasseh"}
)
# Order matters: longer spellings first, so "tch" is read before "ch".
_LATIN_DIGRAPHS = (
    ("tch", "S"), ("kh", "x"), ("gh", "q"), ("sh", "S"), ("ch", "S"), ("zh", "j"),
    ("dj", "j"), ("ph", "f"), ("ee", "i"), ("oo", "U"), ("ou", "U"),
)  # fmt: skip
_LATIN_CLASSES = {
    "b": "b", "p": "p", "t": "t", "s": "s", "j": "j", "c": "k", "h": "h", "x": "x",
    "d": "d", "z": "z", "r": "r", "f": "f", "k": "k", "g": "g", "l": "l", "m": "m",
    "n": "n", "v": "v", "w": "v", "q": "q", "i": "i", "y": "i", "S": "S", "U": "U",
    "u": "U",
}  # fmt: skip
_ZADEH_INSIDE = re.compile(r"zad[ei]h(?=[^aeiouy])")
_TOKEN_SPLIT = re.compile(r"[\s\-_.,;:/()\[\]]+")
_APOSTROPHES = re.compile("['`ʿʾ’‘]")
_RUNS = re.compile(r"(.)\1+")

# Titles kept on the record but never required to match.
HONORIFICS = frozenset(
    {
        "seyyed", "seyed", "sayed", "sayyed", "sayyid", "seyyid", "syed",
        "haj", "haji", "hajj", "hajji", "hadj", "mirza", "mir", "agha", "aqa",
        "sheikh", "sheykh", "shaikh", "mulla", "mullah", "molla", "dr", "ostad",
        "سید", "سيد", "حاج", "حاجی", "میرزا", "میر", "آقا", "شیخ", "ملا", "دکتر", "استاد",
    }
)  # fmt: skip


def _fold_latin(text: str) -> str:
    # Accented Latin (Ḥusayn, Rezā) loses its marks; Arabic script has none left here.
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def tokens(text: str) -> list[str]:
    """Split a name into its written words, with Arabic-script forms and ZWNJ normalized.

    Args:
        text: a name as written in a list, in any script.

    Returns:
        The words, Latin ones case-folded; hyphens, ZWNJ and punctuation separate words.

    Example:
        >>> tokens("Mohammad-Reza  ALI")
        ['mohammad', 'reza', 'ali']
    """
    return list(_tokens(text))


# Lists repeat names endlessly, and keys, titles and given-name checks all start from the words:
# cached, 100,000 records prepare in a third less time.
@lru_cache(maxsize=200_000)
def _tokens(text: str) -> tuple[str, ...]:
    normalized = normalize_arabic_script(text, zwnj=" ")
    return tuple(t for t in _TOKEN_SPLIT.split(_fold_latin(normalized)) if t)


def _is_vowel_letter(char: str) -> bool:
    return char != "" and char in _PERSIAN_VOWEL_LETTERS


def _ends_with_alef_maqsura_word(token: str) -> bool:
    # Also a compound written as one word (محمدمرتضی), but not Khalili (خلیلی ends in لیلی).
    for word in _ALEF_MAQSURA_WORDS:
        if token == word:
            return True
        if token.endswith(word) and token[: -len(word)] in _persian_given_names():
            return True
    return False


@lru_cache(maxsize=1)
def _persian_given_names() -> frozenset[str]:
    names = GIVEN_NAMES + RARE_GIVEN_NAMES
    return frozenset(normalize_arabic_script(persian, zwnj="") for persian, _ in names)


def _persian_token_key(token: str, keep_u: bool) -> str:
    if _ends_with_alef_maqsura_word(token):
        token = token[:-1] + "ا"
    out: list[str] = []
    start = 0
    # A leading alef or ain carries the first vowel; a following و/ی is that vowel (ایرج).
    if token[0] in _PERSIAN_CARRIERS:
        start = 1
        if len(token) > 2 and token[1] in "وی" and not _is_vowel_letter(token[2]):
            start = 2
    for i in range(start, len(token)):
        char = token[i]
        prev = token[i - 1] if i else ""
        nxt = token[i + 1] if i + 1 < len(token) else ""
        if char in _PERSIAN_CARRIERS:
            continue
        if char == "و":
            # و is v at the start, after alef (کاوه) or before a vowel letter (جواد), but the
            # o of Abol- before the article ال (ابوالفضل); and the v of the Lor suffix -vand
            # (حسنوند = Hassanvand).
            article = token[i + 1 : i + 3] == "ال"
            vand = i >= 2 and token[i:] == "وند"
            consonant = i == 0 or prev in "اآ" or vand or (_is_vowel_letter(nxt) and not article)
            out.append("v" if consonant else ("U" if keep_u else ""))
        elif char == "ه" and i == len(token) - 1 and i > 0:
            # Final ه is mostly the silent e of Fatemeh, Zadeh; Latin drops its h too.
            continue
        else:
            out.append(_PERSIAN_CLASSES.get(char, ""))
    return "".join(out)


def _latin_token_key(token: str, keep_u: bool) -> str:
    token = _S_H_PREFIXES.sub(r"\1'\2", _LATIN_ALIASES.get(token, token))
    # Word-final h after a vowel is the silent ه (Fatemeh, Zadeh, Abdollah).
    silent_h = token not in _FINAL_H_CONSONANT
    if silent_h and len(token) > 2 and token.endswith("h") and token[-2] in "aeiou":
        token = token[:-1]
    # The silent h of -zadeh inside a word that goes on (Mashhadzadehkashani): Persian writes
    # زاده‌کاشانی, whose ه the key drops as a word's last letter.
    token = _ZADEH_INSIDE.sub("zade", token)
    # "ow" before a consonant or at the end is the vowel of Khosrow, Nowruz.
    token = re.sub(r"(?<=o)w(?![aeiouy])", "", token)
    for spelling, cls in _LATIN_DIGRAPHS:
        token = token.replace(spelling, cls)
    token = _APOSTROPHES.sub("", token)
    # Leading vowels are the unwritten first vowel of a Persian word (Ebrahim, Iraj, Ali).
    stripped = token.lstrip("aeiouU")
    # The y of Eysa or Aysa after a leading vowel is that vowel (عیسی), as Persian reads ی
    # after a first alef or ain, unless a vowel letter follows (Ayoub ایوب, Eyvaz ایواز).
    if stripped != token and stripped[:1] == "y" and stripped[1:2] not in ("", *"aeiouUvw"):
        stripped = stripped[1:]
    token = stripped
    out = []
    for char in token:
        cls = _LATIN_CLASSES.get(char, "")
        if cls == "U" and not keep_u:
            continue
        out.append(cls)
    return "".join(out)


@lru_cache(maxsize=200_000)
def _token_key(token: str, keep_u: bool) -> str:
    if any("\u0600" <= c <= "\u06ff" for c in token):
        return _persian_token_key(token, keep_u)
    return _latin_token_key(token, keep_u)


@lru_cache(maxsize=200_000)
def name_key(text: str | None, *, keep_u: bool = False) -> str:
    """The cross-script key of a name: where its Persian and Latin spellings meet.

    Words are keyed one by one and joined, so compound names meet whether written with a
    space, a hyphen, a ZWNJ or nothing (Mohammad Reza, Mohammad-Reza, Mohammadreza, محمدرضا),
    and so do -zadeh / -zade / Zadeh suffixes.

    Args:
        text: a name in Persian script or any Latin transliteration; None or "" gives "".
        keep_u: also keep the long u (و, ou, oo, u) as ``U``; a finer key for comparisons.

    Returns:
        A short opaque key ("" when nothing is left).

    Example:
        >>> name_key("محمدرضا") == name_key("Mohammad-Reza") == name_key("Muhammad Riza")
        True
    """
    if not text:
        return ""
    key = "".join(_token_key(t, keep_u) for t in _tokens(text))
    return _RUNS.sub(r"\1", key)


# The key's two upper-case classes as letters no key uses, so that a key is one lower-case
# word to a search index (which folds case): ش/چ/sh/ch and the long u.
_LOWER_CASE_KEY = str.maketrans({"S": "c", "U": "u"})


def sound_keys(text: str | None) -> tuple[str, ...]:
    """Each word's key, as one lower-case word, for a search index: Rezaie, Rezaei and رضایی
    share one, Nayeri, Nayyeri and نیری another.

    The finer key (``keep_u``), so that Mahmoud is not Mohammad; keys shorter than two
    letters are left out (A, Ela), as too many names would share them.

    Example:
        >>> sound_keys("Hamid Rezaie") == sound_keys("حمید رضایی")
        True
    """
    keys = (_RUNS.sub(r"\1", _token_key(t, True)) for t in _tokens(text or ""))
    return tuple(k.translate(_LOWER_CASE_KEY) for k in keys if len(k) >= 2)


@lru_cache(maxsize=200_000)
def strip_honorifics(text: str | None) -> tuple[str, tuple[str, ...]]:
    """Split leading or standalone titles (Seyyed, Haj, Mirza, Mir) from a name.

    A title is removed only when another word remains, so the given name Mirza survives.

    Args:
        text: a name as written.

    Returns:
        The name without titles (words joined by spaces) and the titles found, in order.

    Example:
        >>> strip_honorifics("Seyed Haj Mohammad Ali")
        ('mohammad ali', ('seyed', 'haj'))
    """
    words = _tokens(text or "")
    titles = tuple(w for w in words if w in HONORIFICS)
    rest = [w for w in words if w not in HONORIFICS]
    if not rest:
        return " ".join(words), ()
    return " ".join(rest), titles


@lru_cache(maxsize=1)
def _given_name_keys() -> frozenset[str]:
    names = GIVEN_NAMES + RARE_GIVEN_NAMES
    keys = {name_key(persian) for persian, _latin in names}
    keys |= {name_key(latin) for _persian, latin in names}
    return frozenset(k for k in keys if k)


@lru_cache(maxsize=200_000)
def is_given_name(text: str) -> bool:
    """Whether the name's key is that of a common Persian given name (simple or compound).

    A compound written as one word (Mohamadjafar, Alinaghi) counts when it splits into two
    known given names.
    """
    key, known = name_key(text), _given_name_keys()
    if key in known:
        return True
    heads = known | _compound_head_keys()
    return any(key[:i] in heads and key[i:] in known for i in range(2, len(key) - 1))


# Heads of compound given names that are not names alone: Gholam-Hossein, Abdol-Karim.
_COMPOUND_HEADS = ("غلام", "gholam", "عبدال", "abdol", "abdul")


@lru_cache(maxsize=1)
def _compound_head_keys() -> frozenset[str]:
    return frozenset(name_key(head) for head in _COMPOUND_HEADS)


# Family-name suffixes some lists write as a word of their own (Ghasem Zadeh, Ali Pour).
_SUFFIX_WORDS = frozenset(
    {
        "zadeh", "zade", "zada", "zadih", "pour", "pur", "poor", "nejad", "nezhad", "nejhad",
        "nia", "lou", "loo", "vand", "khani", "abadi",
        "زاده", "پور", "نژاد", "نیا", "لو", "وند", "خانی", "آبادی",
    }
)  # fmt: skip


def _attach_suffixes(words: list[str]) -> list[str]:
    # With two words, "Reza Zadeh" may be a given name and the family name Zadeh: leave it.
    if len(words) < 3:
        return words
    out = [words[0]]
    for word in words[1:]:
        if word in _SUFFIX_WORDS:
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out


# Separators between the parts of a full name; a hyphen or a ZWNJ joins words within a part.
_UNIT_SPLIT = re.compile(r"[\s,;:/()\[\]]+")


def _name_units(text: str) -> list[str]:
    # "Gholam-Siavash Ziaei-Ghuchani": a hyphen binds a compound given name or a double family
    # name into one part, as a ZWNJ does in Persian (منوچهر‌زاده); the split is between parts.
    units = []
    for chunk in _UNIT_SPLIT.split(text):
        words = [w for w in _tokens(chunk) if w not in HONORIFICS]
        if words:
            units.append(" ".join(words))
    return units


def split_full_name(full_name: str | None) -> tuple[str, str]:
    """Split a one-column name into given and family parts, in either order.

    The parts are the words, except that a hyphen or a ZWNJ keeps words in one part
    (Gholam-Siavash Ziaei-Ghuchani has two parts). Leading parts that are each a known given
    name form the given name (so compounds such as Mohammad Sadegh stay whole); failing that,
    known given names at the end mean the list wrote the family name first; failing that, the
    last part is the family name. At least one part is always left for the family name.

    Args:
        full_name: the name as written, titles included or not.

    Returns:
        (given, family), titles removed; ("", "") for an empty name.

    Example:
        >>> split_full_name("Rezaei, Mohammad Reza")
        ('mohammad reza', 'rezaei')
    """
    core, _titles = strip_honorifics(full_name)
    units = _name_units(full_name or "")
    # One hyphenated part alone (Mohammad-Reza, Ahmadi-Tehrani): its words are all there is.
    words = _attach_suffixes(units if len(units) > 1 else core.split())
    if len(words) < 2:
        return "", core
    known = [is_given_name(w) for w in words]
    lead = next((i for i, k in enumerate(known) if not k), len(words))
    lead = min(lead, len(words) - 1)
    if lead:
        return " ".join(words[:lead]), " ".join(words[lead:])
    trail = next((i for i, k in enumerate(reversed(known)) if not k), len(words))
    if trail:
        return " ".join(words[-trail:]), " ".join(words[:-trail])
    return " ".join(words[:-1]), words[-1]


@dataclass(frozen=True)
class PersonNameKeys:
    """The keys of one person's name, as the linkage model compares them.

    Attributes:
        given: key of the given name, titles removed.
        family: key of the family name.
        pair: the two keys in sorted order, so swapped given and family names meet.
        honorifics: titles found in either part, kept for display.
    """

    given: str
    family: str
    pair: str
    honorifics: tuple[str, ...]


def person_name_keys(given: str | None, family: str | None) -> PersonNameKeys:
    """Keys for a given and family name, order-free in ``pair``.

    Args:
        given: the given name as written (may carry titles).
        family: the family name as written.

    Returns:
        PersonNameKeys; ``pair`` is the same for (given, family) and (family, given).

    Example:
        >>> person_name_keys("Ahmadi", "Ali").pair == person_name_keys("علی", "احمدی").pair
        True
    """
    given_core, given_titles = strip_honorifics(given)
    family_core, family_titles = strip_honorifics(family)
    given_key, family_key = name_key(given_core), name_key(family_core)
    pair = "|".join(sorted((given_key, family_key)))
    return PersonNameKeys(given_key, family_key, pair, given_titles + family_titles)
