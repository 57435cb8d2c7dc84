"""The project's vocabulary, declared once: values, English labels and Persian labels.

Models use the `TextChoices` built here; templates and the CLI ask `label(value, lang)`.
A test checks that every value has both labels and that the names match DOMAIN.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

# value -> (English label, Persian label), one dict per vocabulary.
CONFIDENTIALITY = {
    "public": ("Public", "عمومی"),
    "restricted": ("Restricted", "محدود"),
    "confidential": ("Confidential", "محرمانه"),
}
ROLES = {
    "admin": ("Administrator", "مدیر"),
    "investigator": ("Investigator", "پژوهشگر"),
    "analyst": ("Analyst", "تحلیلگر"),
    "reviewer": ("Reviewer", "بازبین"),
    "viewer": ("Viewer", "بیننده"),
}
SOURCE_KINDS = {
    "article": ("Article", "مقاله"),
    "report": ("Report", "گزارش"),
    "note": ("Research note", "یادداشت پژوهشی"),
    "letter": ("Letter", "نامه"),
    "decree": ("Decree", "حکم"),
    "testimony": ("Testimony", "شهادت"),
    "transcript": ("Transcript", "رونوشت"),
    "document": ("Document", "سند"),
    "audio": ("Audio", "صوت"),
    "image": ("Image", "تصویر"),
    "video": ("Video", "ویدیو"),
    "dataset": ("Victim list (dataset)", "فهرست قربانیان"),
}
CUSTODY_ACTIONS = {
    "collected": ("Collected", "گردآوری"),
    "received": ("Received", "دریافت"),
    "copied": ("Copied", "رونوشت"),
    "verified": ("Verified", "راستی‌آزمایی"),
    "exported": ("Exported", "برون‌بری"),
    "transferred": ("Transferred", "انتقال"),
}
SCRIPTS = {
    "persian": ("Persian script", "خط فارسی"),
    "latin": ("Latin script", "خط لاتین"),
    "other": ("Other script", "خط دیگر"),
}
NAME_KINDS = {
    "birth": ("Birth name", "نام اصلی"),
    "alias": ("Alias", "نام دیگر"),
    "title_less": ("Without titles", "بدون عنوان"),
    "transliteration": ("Transliteration", "نویسه‌گردانی"),
}
ORGANIZATION_KINDS = {
    "ministry": ("Ministry", "وزارتخانه"),
    "court": ("Court", "دادگاه"),
    "judiciary": ("Judiciary", "قوه قضاییه"),
    "prosecution": ("Prosecutor's office", "دادستانی"),
    "prison": ("Prison administration", "زندان"),
    "commission": ("Commission", "هیئت"),
    "government": ("Government", "دولت"),
    "executive": ("Executive", "قوه مجریه"),
    "office": ("Office", "دفتر"),
    "party": ("Party", "حزب"),
    "armed_group": ("Armed group", "گروه مسلح"),
    "ngo": ("NGO", "سازمان غیردولتی"),
    "un_body": ("UN body", "نهاد سازمان ملل"),
    "media": ("Media", "رسانه"),
    "other": ("Other", "دیگر"),
}
PLACE_KINDS = {
    "prison": ("Prison", "زندان"),
    "cemetery": ("Cemetery", "گورستان"),
    "mass_grave": ("Mass grave", "گور جمعی"),
    "city": ("City", "شهر"),
    "province": ("Province", "استان"),
    "country": ("Country", "کشور"),
    "other": ("Other", "دیگر"),
}
INCIDENT_KINDS = {
    "arrest": ("Arrest", "بازداشت"),
    "detention": ("Detention", "حبس"),
    "trial": ("Trial", "محاکمه"),
    "execution": ("Execution", "اعدام"),
    "burial": ("Burial", "خاکسپاری"),
    "enforced_disappearance": ("Enforced disappearance", "ناپدیدسازی قهری"),
    "order": ("Order", "فرمان"),
    "statement": ("Statement", "اظهارات"),
    "threat": ("Threat", "تهدید"),
    "other": ("Other", "دیگر"),
}
PARTICIPANT_ROLES = {
    "victim": ("Victim", "قربانی"),
    "perpetrator": ("Perpetrator", "عامل"),
    "ordering_authority": ("Ordering authority", "صادرکننده فرمان"),
    "witness": ("Witness", "شاهد"),
    "present": ("Present", "حاضر"),
}
ASSESSMENTS = {
    "uncorroborated": ("Uncorroborated", "تأییدنشده"),
    "corroborated": ("Corroborated", "تأییدشده"),
    "contested": ("Contested", "مورد مناقشه"),
    "refuted": ("Refuted", "ردشده"),
}
CONFIDENCE = {
    "high": ("High", "زیاد"),
    "medium": ("Medium", "متوسط"),
    "low": ("Low", "کم"),
}

VOCABULARIES: dict[str, dict[str, tuple[str, str]]] = {
    "confidentiality": CONFIDENTIALITY,
    "role": ROLES,
    "source_kind": SOURCE_KINDS,
    "custody_action": CUSTODY_ACTIONS,
    "script": SCRIPTS,
    "name_kind": NAME_KINDS,
    "organization_kind": ORGANIZATION_KINDS,
    "place_kind": PLACE_KINDS,
    "incident_kind": INCIDENT_KINDS,
    "participant_role": PARTICIPANT_ROLES,
    "assessment": ASSESSMENTS,
    "confidence": CONFIDENCE,
}


def _choices(name: str, vocabulary: dict[str, tuple[str, str]]) -> Any:
    """A TextChoices enum built from a vocabulary (typed Any: mypy cannot see its members)."""
    members = [(value.upper(), (value, en)) for value, (en, _fa) in vocabulary.items()]
    return models.TextChoices(name, members)  # type: ignore[call-overload]


Confidentiality = _choices("Confidentiality", CONFIDENTIALITY)
Role = _choices("Role", ROLES)
SourceKind = _choices("SourceKind", SOURCE_KINDS)
CustodyAction = _choices("CustodyAction", CUSTODY_ACTIONS)
Script = _choices("Script", SCRIPTS)
NameKind = _choices("NameKind", NAME_KINDS)
OrganizationKind = _choices("OrganizationKind", ORGANIZATION_KINDS)
PlaceKind = _choices("PlaceKind", PLACE_KINDS)
IncidentKind = _choices("IncidentKind", INCIDENT_KINDS)
ParticipantRole = _choices("ParticipantRole", PARTICIPANT_ROLES)
Assessment = _choices("Assessment", ASSESSMENTS)
Confidence = _choices("Confidence", CONFIDENCE)

# Ordered from least to most protected; a clearance admits its own level and those before it.
CONFIDENTIALITY_ORDER = ("public", "restricted", "confidential")
# What each role may read. Investigators and admins handle witness material; analysts and
# reviewers work on restricted data; viewers and the anonymous public see public data only.
ROLE_CLEARANCE = {
    "admin": "confidential",
    "investigator": "confidential",
    "analyst": "restricted",
    "reviewer": "restricted",
    "viewer": "public",
}


def most_protected(levels: Iterable[str]) -> str:
    """The most protected of these confidentiality levels."""
    return max(levels, key=CONFIDENTIALITY_ORDER.index)


def least_protected(levels: Iterable[str]) -> str:
    """The least protected of these levels ("public" when there are none)."""
    return min(levels, key=CONFIDENTIALITY_ORDER.index, default="public")


def levels_up_to(clearance: str) -> tuple[str, ...]:
    """The confidentiality levels a reader with this clearance may see."""
    return CONFIDENTIALITY_ORDER[: CONFIDENTIALITY_ORDER.index(clearance) + 1]


def label(vocabulary: str, value: str, lang: str = "en") -> str:
    """The label of a value in English ("en") or Persian ("fa")."""
    en, fa = VOCABULARIES[vocabulary][value]
    return fa if lang == "fa" else en
