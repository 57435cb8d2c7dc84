"""The project's vocabulary, declared once: values, English labels and Persian labels.

Models use the `TextChoices` built here; templates and the CLI ask `label(value, lang)`.
A test checks that every value has both labels and that the names match DOMAIN.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
# How far an ElementLink's evidence goes towards proving its element.
LINK_STRENGTHS = {
    "strong": ("Strong", "قوی"),
    "moderate": ("Moderate", "متوسط"),
    "weak": ("Weak", "ضعیف"),
    "contradicts": ("Contradicts", "در تعارض"),
}


@dataclass(frozen=True)
class Family:
    """A family of crimes of the Rome Statute: genocide (art. 6), crimes against humanity
    (art. 7), war crimes in an international armed conflict (art. 8(2)(a)) and in one not of an
    international character (art. 8(2)(c)). `context` is the group of the contextual elements
    every crime of the family shares, `context_article` where the Statute sets them ("" for
    genocide: its intent and its "manifest pattern" are elements of each act, as the ICC
    Elements of Crimes list them)."""

    key: str
    article: str
    en: str
    fa: str
    context: str = ""
    context_article: str = ""


# In the Statute's order: a case page and a case file show the crimes alleged by article.
# Crimes against humanity's contextual group is plain "context" (case files written before
# war crimes name it so); a later family's is "<family>.context".
# War crimes are two families, not one: an international armed conflict (art. 8(2)(a), grave
# breaches of the Geneva Conventions) and one not of an international character (art. 8(2)(c),
# common article 3) each bring their own contextual elements, and a case may plead both in the
# alternative (the Iran-Iraq war and the killings of MEK prisoners: Stockholm, Hamid Nouri).
FAMILIES: dict[str, Family] = {
    f.key: f
    for f in (
        Family("genocide", "art. 6", "Genocide", "نسل‌کشی"),
        Family(
            "cah",
            "art. 7",
            "Crimes against humanity",
            "جنایات علیه بشریت",
            "context",
            "art. 7(1), 7(2)(a)",
        ),
        Family(
            "war_iac",
            "art. 8(2)(a)",
            "War crimes in international armed conflict",
            "جنایات جنگی در مخاصمه مسلحانه بین‌المللی",
            "war_iac.context",
            "art. 8(2)(a)",
        ),
        Family(
            "war_niac",
            "art. 8(2)(c)",
            "War crimes in armed conflict not of an international character",
            "جنایات جنگی در مخاصمه مسلحانه غیربین‌المللی",
            "war_niac.context",
            "art. 8(2)(c)",
        ),
    )
}
# The groups of contextual elements, one per family that has them.
CONTEXT_GROUPS = frozenset(f.context for f in FAMILIES.values() if f.context)


def family_of(key: str) -> str:
    """The family of a crime or element key ("genocide.killing.3" -> "genocide"), "" for a
    mode of liability (it is pleaded for any crime)."""
    prefix = key.partition(".")[0]
    return prefix if prefix in FAMILIES else ""


@dataclass(frozen=True)
class Crime:
    """An underlying act of article 6, 7(1), 8(2)(a) or 8(2)(c) of the Rome Statute; its key
    starts with its family's ("genocide.", "cah.", "war_iac.", "war_niac.")."""

    key: str
    article: str
    en: str
    fa: str

    @property
    def family(self) -> str:
        return family_of(self.key)


@dataclass(frozen=True)
class Element:
    """A legal element a Case must prove: `group` is a family's contextual group (one of
    `CONTEXT_GROUPS`: "context", shared by every crime against humanity, "war_iac.context" and
    "war_niac.context" by every war crime of each kind of armed conflict; genocide has none), a
    crime's key, or "liability" (a mode of individual criminal responsibility).
    `text` is the element as the ICC Elements of Crimes words it (a crime's elements and the
    contextual ones) or, for a mode of liability, the words of the Statute's paragraph (art.
    25(3)(a)-(d) and 28(a)-(b), verbatim; art. 25(3)'s shared opening "a person shall be
    criminally responsible ... if that person:" is left out).

    `of_perpetrator` marks a contextual element about the perpetrator's own mind (knowledge of
    the attack, awareness of the armed conflict): the attack and the conflict are the case's,
    but what each accused knew is theirs, so it is proven per accused like the elements of a
    crime."""

    key: str
    group: str
    article: str
    en: str
    fa: str
    text: str
    of_perpetrator: bool = False

    @property
    def is_context(self) -> bool:
        return self.group in CONTEXT_GROUPS

    @property
    def is_liability(self) -> bool:
        return self.group == "liability"

    @property
    def family(self) -> str:
        """The family of crimes it belongs to (for a contextual element, the family whose
        context it is: "cah", "war_iac", "war_niac"), "" for a mode of liability."""
        return family_of(self.key)

    @property
    def concerns_accused(self) -> bool:
        """Whether a link to it names the accused it concerns, and its status is each
        accused's own (every element but the attack and the policy)."""
        return not self.is_context or self.of_perpetrator


# Rome Statute article 6, genocide, article 7, crimes against humanity, and article 8(2)(a) and
# (c), war crimes: the acts this catalogue covers so far, in the Statute's order. Keys are
# stored (Case.crimes, ElementLink and the audit log): never rename one.
CRIMES: dict[str, Crime] = {
    c.key: c
    for c in (
        Crime("genocide.killing", "art. 6(a)", "Genocide by killing", "نسل‌کشی از طریق کشتن"),
        Crime(
            "genocide.harm",
            "art. 6(b)",
            "Genocide by causing serious bodily or mental harm",
            "نسل‌کشی از طریق ایراد صدمه شدید جسمی یا روحی",
        ),
        Crime("cah.murder", "art. 7(1)(a)", "Murder", "قتل عمد"),
        Crime("cah.extermination", "art. 7(1)(b)", "Extermination", "نابودسازی"),
        Crime(
            "cah.imprisonment",
            "art. 7(1)(e)",
            "Imprisonment or other severe deprivation of physical liberty",
            "حبس یا دیگر محرومیت‌های شدید از آزادی جسمانی",
        ),
        Crime("cah.torture", "art. 7(1)(f)", "Torture", "شکنجه"),
        Crime("cah.rape", "art. 7(1)(g)-1", "Rape", "تجاوز جنسی"),
        Crime(
            "cah.sexual_violence",
            "art. 7(1)(g)-6",
            "Sexual violence of comparable gravity",
            "خشونت جنسی با شدت مشابه",
        ),
        Crime("cah.persecution", "art. 7(1)(h)", "Persecution", "آزار و تعقیب"),
        Crime(
            "cah.disappearance",
            "art. 7(1)(i)",
            "Enforced disappearance of persons",
            "ناپدیدسازی قهری اشخاص",
        ),
        Crime("cah.other_inhumane", "art. 7(1)(k)", "Other inhumane acts", "دیگر اعمال غیرانسانی"),
        # The titles are the ICC Elements of Crimes' own, but torture has one in each family:
        # its labels name the kind of conflict, so that "modes of liability for ..." headings
        # and lists never show two crimes alike.
        Crime(
            "war_iac.wilful_killing",
            "art. 8(2)(a)(i)",
            "War crime of wilful killing",
            "جنایت جنگی قتل عمدی",
        ),
        Crime(
            "war_iac.torture",
            "art. 8(2)(a)(ii)-1",
            "War crime of torture (international armed conflict)",
            "جنایت جنگی شکنجه (مخاصمه مسلحانه بین‌المللی)",
        ),
        Crime(
            "war_iac.denying_fair_trial",
            "art. 8(2)(a)(vi)",
            "War crime of denying a fair trial",
            "جنایت جنگی محروم کردن از دادرسی منصفانه",
        ),
        Crime("war_niac.murder", "art. 8(2)(c)(i)-1", "War crime of murder", "جنایت جنگی قتل"),
        Crime(
            "war_niac.torture",
            "art. 8(2)(c)(i)-4",
            "War crime of torture (armed conflict not of an international character)",
            "جنایت جنگی شکنجه (مخاصمه مسلحانه غیربین‌المللی)",
        ),
        Crime(
            "war_niac.sentencing",
            "art. 8(2)(c)(iv)",
            "War crime of sentencing or execution without due process",
            "جنایت جنگی صدور حکم یا اعدام بدون دادرسی قانونی",
        ),
    )
}

_E = Element
# The words of genocide's circumstance and intent elements (elements 2-4 of every act of
# article 6 in the ICC Elements of Crimes); each act lists them again, and so does this catalogue.
# Checked against copies of the ICC text found in the reference search (no ICC PDF was at
# hand): element 4 whole; 2 and 3 whole in one copy, their openings and 1 of 6(a) in the UK's (SI
# 2001/2505), which reads 6(b)'s first element "serious bodily harm or mental harm"; the Preparatory
# Commission's text, adopted unchanged, "serious bodily or mental harm" (kept).
_GROUP = (
    "Such person or persons belonged to a particular national, ethnical, racial or religious group."
)
_INTENT = (
    "The perpetrator intended to destroy, in whole or in part, that national, ethnical, racial "
    "or religious group, as such."
)
_PATTERN = (
    "The conduct took place in the context of a manifest pattern of similar conduct directed "
    "against that group or was conduct that could itself effect such destruction."
)


def _genocide(crime: str, article: str, act: tuple[str, str, str]) -> tuple[Element, ...]:
    """The four elements of an act of genocide: the act, then the group, the intent and the
    manifest pattern, each proven for each accused as the act is (intent is the accused's own
    mind; the pattern is the one their conduct took place in)."""
    en, fa, text = act
    return (
        _E(f"{crime}.1", crime, f"{article}, element 1", en, fa, text),
        _E(
            f"{crime}.2",
            crime,
            f"{article}, element 2",
            "Victims belonged to a national, ethnical, racial or religious group",
            "تعلق قربانیان به گروهی ملی، قومی، نژادی یا مذهبی",
            _GROUP,
        ),
        _E(
            f"{crime}.3",
            crime,
            f"{article}, element 3",
            "Intent to destroy the group, in whole or in part",
            "قصد نابودی تمام یا بخشی از آن گروه",
            _INTENT,
        ),
        _E(
            f"{crime}.4",
            crime,
            f"{article}, element 4",
            "Manifest pattern of similar conduct, or conduct itself destructive",
            "الگوی آشکار رفتار مشابه، یا رفتاری که خود موجب نابودی گروه شود",
            _PATTERN,
        ),
    )


# The words of the war crimes' elements (art. 8(2)(a) and (c)), checked sentence by sentence
# against copies of the ICC Elements of Crimes found in the reference search (no ICC PDF was at
# hand): the ICC's 2011 edition as robertocarroll/icc-beta reproduces it (elements-of-crimes.html,
# every element here); the Viadrina article comparison (vilp.de: 8(2)(a)(ii)-1 and 8(2)(c)(iv)
# whole); the appendix of Schabas' Introduction to the ICC (yumpu: 8(2)(a)(i) elements 3-5,
# 8(2)(a)(ii)-1 whole, 8(2)(c)(iv) whole, there spelt "judgment"; the ICC's "judgement" kept);
# the Case Matrix Network digests (8(2)(a)(vi) element 1, 8(2)(c)'s status and awareness
# elements); a UN Human Rights Council report (8(2)(c)(i)-1 elements 3-5). The ICC's own commas
# are kept: 8(2)(c)(i)-1 reads "medical personnel, or religious personnel", (i)-4 and (iv)
# without the comma. Footnotes are left out, as for articles 6 and 7.
_PROTECTED = (
    "Such person or persons were protected under one or more of the Geneva Conventions of 1949."
)
_AWARE_PROTECTED = (
    "The perpetrator was aware of the factual circumstances that established that protected status."
)
_NOT_FIGHTING = (
    "Such person or persons were either hors de combat, or were civilians, medical personnel or "
    "religious personnel taking no active part in the hostilities."
)
_AWARE_STATUS = (
    "The perpetrator was aware of the factual circumstances that established this status."
)
_PAIN = (
    "The perpetrator inflicted severe physical or mental pain or suffering upon one or more "
    "persons."
)
_PURPOSE = (
    "The perpetrator inflicted the pain or suffering for such purposes as: obtaining information "
    "or a confession, punishment, intimidation or coercion or for any reason based on "
    "discrimination of any kind."
)


def _protected(crime: str, article: str, n: int) -> tuple[Element, ...]:
    """Elements n and n+1 of a grave breach (art. 8(2)(a)): the victims were protected by the
    Geneva Conventions, and the perpetrator was aware of the facts that made them so. Elements
    of each crime, as the ICC lists them: proven per accused, as genocide's group is."""
    return (
        _E(
            f"{crime}.{n}",
            crime,
            f"{article}, element {n}",
            "Victims protected under the Geneva Conventions of 1949",
            "برخورداری قربانیان از حمایت کنوانسیون‌های ژنو ۱۹۴۹",
            _PROTECTED,
        ),
        _E(
            f"{crime}.{n + 1}",
            crime,
            f"{article}, element {n + 1}",
            "Aware of the protected status",
            "آگاهی از وضعیت حمایت‌شده قربانیان",
            _AWARE_PROTECTED,
        ),
    )


def _not_fighting(
    crime: str, article: str, n: int, status: str = _NOT_FIGHTING
) -> tuple[Element, ...]:
    """Elements n and n+1 of a war crime of art. 8(2)(c): the victims were hors de combat or
    took no active part in the hostilities, and the perpetrator was aware of that status."""
    return (
        _E(
            f"{crime}.{n}",
            crime,
            f"{article}, element {n}",
            "Victims hors de combat, or civilians or medical or religious personnel not fighting",
            (
                "قربانیان خارج از رزم، یا غیرنظامیان یا کارکنان پزشکی یا مذهبی "
                "که در مخاصمه شرکت فعال نداشتند"
            ),
            status,
        ),
        _E(
            f"{crime}.{n + 1}",
            crime,
            f"{article}, element {n + 1}",
            "Aware of the victims' status",
            "آگاهی از وضعیت قربانیان",
            _AWARE_STATUS,
        ),
    )


def _torture(crime: str, article: str) -> tuple[Element, Element]:
    """Elements 1 and 2 of the war crime of torture (art. 8(2)(a)(ii)-1 and 8(2)(c)(i)-4)."""
    return (
        _E(
            f"{crime}.1",
            crime,
            f"{article}, element 1",
            "Inflicted severe pain or suffering",
            "وارد کردن درد یا رنج شدید",
            _PAIN,
        ),
        _E(
            f"{crime}.2",
            crime,
            f"{article}, element 2",
            "For a prohibited purpose",
            "به قصد هدفی ممنوع",
            _PURPOSE,
        ),
    )


def _armed_conflict(
    family: str, article: str, conflict: str, conflict_fa: str
) -> tuple[Element, ...]:
    """The last two elements of every war crime of a family, kept once as its contextual
    elements (as the attack is for crimes against humanity): that the conduct took place in the
    context of and was associated with the armed conflict (the nexus) is a fact about the case,
    proven once; that the perpetrator was aware of the circumstances that established an armed
    conflict is each accused's own (`of_perpetrator`). The ICC lists them under each crime; a
    case pleading three war crimes proves the conflict once, not three times."""
    return (
        _E(
            f"{family}.context.nexus",
            f"{family}.context",
            article,
            f"In the context of and associated with {conflict}",
            f"در بستر {conflict_fa} و مرتبط با آن",
            f"The conduct took place in the context of and was associated with {conflict}.",
        ),
        _E(
            f"{family}.context.awareness",
            f"{family}.context",
            article,
            "Aware of the existence of an armed conflict",
            "آگاهی از اوضاع و احوال حاکی از وجود مخاصمه مسلحانه",
            "The perpetrator was aware of factual circumstances that established the existence "
            "of an armed conflict.",
            of_perpetrator=True,
        ),
    )


# The ICC Elements of Crimes list, for each act of article 7, its own elements and then the two
# contextual ones (the attack, and knowledge of it); those are kept once, under "context", with
# the policy requirement of article 7(2)(a). Acts of genocide have no contextual elements. The
# war crimes' last two elements (the armed conflict, and awareness of it) are kept once per
# family in the same way (`_armed_conflict`).
ELEMENTS: dict[str, Element] = {
    e.key: e
    for e in (
        *_genocide(
            "genocide.killing",
            "art. 6(a)",
            (
                "Killed one or more persons",
                "کشتن یک یا چند نفر",
                "The perpetrator killed one or more persons.",
            ),
        ),
        *_genocide(
            "genocide.harm",
            "art. 6(b)",
            (
                "Caused serious bodily or mental harm",
                "ایراد صدمه شدید جسمی یا روحی",
                "The perpetrator caused serious bodily or mental harm to one or more persons.",
            ),
        ),
        _E(
            "cah.context.attack",
            "context",
            "art. 7(1), 7(2)(a)",
            "Widespread or systematic attack on a civilian population",
            "حمله گسترده یا سازمان‌یافته علیه جمعیت غیرنظامی",
            "The conduct was committed as part of a widespread or systematic attack directed "
            "against a civilian population.",
        ),
        _E(
            "cah.context.policy",
            "context",
            "art. 7(2)(a)",
            "State or organizational policy",
            "سیاست دولت یا سازمان",
            "The attack was committed pursuant to or in furtherance of a State or organizational "
            "policy to commit such attack.",
        ),
        _E(
            "cah.context.knowledge",
            "context",
            "art. 7(1)",
            "Knowledge of the attack",
            "آگاهی از حمله",
            "The perpetrator knew that the conduct was part of or intended the conduct to be part "
            "of a widespread or systematic attack directed against a civilian population.",
            of_perpetrator=True,
        ),
        _E(
            "cah.murder.1",
            "cah.murder",
            "art. 7(1)(a), element 1",
            "Killed one or more persons",
            "کشتن یک یا چند نفر",
            "The perpetrator killed one or more persons.",
        ),
        _E(
            "cah.extermination.1",
            "cah.extermination",
            "art. 7(1)(b), element 1",
            "Killed, including by conditions of life",
            "کشتن، از جمله با تحمیل شرایط زندگی",
            "The perpetrator killed one or more persons, including by inflicting conditions of "
            "life calculated to bring about the destruction of part of a population.",
        ),
        _E(
            "cah.extermination.2",
            "cah.extermination",
            "art. 7(1)(b), element 2",
            "Part of a mass killing",
            "بخشی از کشتار جمعی",
            "The conduct constituted, or took place as part of, a mass killing of members of a "
            "civilian population.",
        ),
        _E(
            "cah.imprisonment.1",
            "cah.imprisonment",
            "art. 7(1)(e), element 1",
            "Imprisoned or severely deprived of liberty",
            "حبس یا محرومیت شدید از آزادی",
            "The perpetrator imprisoned one or more persons or otherwise severely deprived one or "
            "more persons of physical liberty.",
        ),
        _E(
            "cah.imprisonment.2",
            "cah.imprisonment",
            "art. 7(1)(e), element 2",
            "In violation of fundamental rules of international law",
            "در نقض قواعد بنیادین حقوق بین‌الملل",
            "The gravity of the conduct was such that it was in violation of fundamental rules "
            "of international law.",
        ),
        _E(
            "cah.imprisonment.3",
            "cah.imprisonment",
            "art. 7(1)(e), element 3",
            "Aware of the circumstances of its gravity",
            "آگاهی از اوضاع و احوال شدت عمل",
            "The perpetrator was aware of the factual circumstances that established the gravity "
            "of the conduct.",
        ),
        _E(
            "cah.torture.1",
            "cah.torture",
            "art. 7(1)(f), element 1",
            "Inflicted severe pain or suffering",
            "وارد کردن درد یا رنج شدید",
            "The perpetrator inflicted severe physical or mental pain or suffering upon one or "
            "more persons.",
        ),
        _E(
            "cah.torture.2",
            "cah.torture",
            "art. 7(1)(f), element 2",
            "Victims in custody or under control",
            "قربانی در بازداشت یا تحت کنترل",
            "Such person or persons were in the custody or under the control of the perpetrator.",
        ),
        _E(
            "cah.torture.3",
            "cah.torture",
            "art. 7(1)(f), element 3",
            "Not only from lawful sanctions",
            "نه صرفاً ناشی از مجازات‌های قانونی",
            "Such pain or suffering did not arise only from, and was not inherent in or "
            "incidental to, lawful sanctions.",
        ),
        _E(
            "cah.rape.1",
            "cah.rape",
            "art. 7(1)(g)-1, element 1",
            "Invaded the body of a person by penetration",
            "تعرض به بدن شخص از طریق دخول",
            "The perpetrator invaded the body of a person by conduct resulting in penetration, "
            "however slight, of any part of the body of the victim or of the perpetrator with a "
            "sexual organ, or of the anal or genital opening of the victim with any object or any "
            "other part of the body.",
        ),
        _E(
            "cah.rape.2",
            "cah.rape",
            "art. 7(1)(g)-1, element 2",
            "By force, threat or coercion, or without genuine consent",
            "با زور، تهدید یا اجبار، یا علیه شخص ناتوان از رضایت واقعی",
            "The invasion was committed by force, or by threat of force or coercion, such as that "
            "caused by fear of violence, duress, detention, psychological oppression or abuse of "
            "power, against such person or another person, or by taking advantage of a coercive "
            "environment, or the invasion was committed against a person incapable of giving "
            "genuine consent.",
        ),
        _E(
            "cah.sexual_violence.1",
            "cah.sexual_violence",
            "art. 7(1)(g)-6, element 1",
            "Act of a sexual nature by force or coercion",
            "ارتکاب عمل جنسی با زور یا اجبار",
            "The perpetrator committed an act of a sexual nature against one or more persons or "
            "caused such person or persons to engage in an act of a sexual nature by force, or by "
            "threat of force or coercion, such as that caused by fear of violence, duress, "
            "detention, psychological oppression or abuse of power, against such person or "
            "persons or another person, or by taking advantage of a coercive environment or such "
            "person's or persons' incapacity to give genuine consent.",
        ),
        _E(
            "cah.sexual_violence.2",
            "cah.sexual_violence",
            "art. 7(1)(g)-6, element 2",
            "Of a gravity comparable to the other article 7(1)(g) offences",
            "همسنگ در شدت با دیگر جرایم جنسی ماده ۷(۱)(چ)",
            "Such conduct was of a gravity comparable to the other offences in article 7, "
            "paragraph 1 (g), of the Statute.",
        ),
        _E(
            "cah.sexual_violence.3",
            "cah.sexual_violence",
            "art. 7(1)(g)-6, element 3",
            "Aware of the circumstances of its gravity",
            "آگاهی از اوضاع و احوال شدت عمل",
            "The perpetrator was aware of the factual circumstances that established the gravity "
            "of the conduct.",
        ),
        _E(
            "cah.persecution.1",
            "cah.persecution",
            "art. 7(1)(h), element 1",
            "Severe deprivation of fundamental rights",
            "محرومیت شدید از حقوق بنیادین",
            "The perpetrator severely deprived, contrary to international law, one or more "
            "persons of fundamental rights.",
        ),
        _E(
            "cah.persecution.2",
            "cah.persecution",
            "art. 7(1)(h), element 2",
            "Targeted by reason of a group's identity",
            "هدف قرار دادن به سبب هویت گروه",
            "The perpetrator targeted such person or persons by reason of the identity of a group "
            "or collectivity or targeted the group or collectivity as such.",
        ),
        _E(
            "cah.persecution.3",
            "cah.persecution",
            "art. 7(1)(h), element 3",
            "On political, religious or other impermissible grounds",
            "به دلایل سیاسی، مذهبی یا دیگر دلایل ممنوع",
            "Such targeting was based on political, racial, national, ethnic, cultural, "
            "religious, gender as defined in article 7, paragraph 3, of the Statute, or other "
            "grounds that are universally recognized as impermissible under international law.",
        ),
        _E(
            "cah.persecution.4",
            "cah.persecution",
            "art. 7(1)(h), element 4",
            "In connection with another crime",
            "در ارتباط با جنایتی دیگر",
            "The conduct was committed in connection with any act referred to in article 7, "
            "paragraph 1, of the Statute or any crime within the jurisdiction of the Court.",
        ),
        _E(
            "cah.disappearance.1",
            "cah.disappearance",
            "art. 7(1)(i), element 1",
            "Arrested, detained or abducted; or refused to acknowledge it",
            "بازداشت، حبس یا ربودن؛ یا انکار آن",
            "The perpetrator: (a) arrested, detained or abducted one or more persons; or (b) "
            "refused to acknowledge the arrest, detention or abduction, or to give information "
            "on the fate or whereabouts of such person or persons.",
        ),
        _E(
            "cah.disappearance.2",
            "cah.disappearance",
            "art. 7(1)(i), element 2",
            "Deprivation of liberty with refusal of information",
            "سلب آزادی همراه با خودداری از اطلاع‌رسانی",
            "(a) Such arrest, detention or abduction was followed or accompanied by a refusal to "
            "acknowledge that deprivation of freedom or to give information on the fate or "
            "whereabouts of such person or persons; or (b) such refusal was preceded or "
            "accompanied by that deprivation of freedom.",
        ),
        _E(
            "cah.disappearance.3",
            "cah.disappearance",
            "art. 7(1)(i), element 3",
            "Aware of the refusal in the ordinary course of events",
            "آگاهی از خودداری در روال عادی امور",
            "The perpetrator was aware that: (a) such arrest, detention or abduction would be "
            "followed in the ordinary course of events by a refusal to acknowledge that "
            "deprivation of freedom or to give information on the fate or whereabouts of such "
            "person or persons; or (b) such refusal was preceded or accompanied by that "
            "deprivation of freedom.",
        ),
        _E(
            "cah.disappearance.4",
            "cah.disappearance",
            "art. 7(1)(i), element 4",
            "Deprivation by or with the support of a State",
            "سلب آزادی از سوی دولت یا با حمایت آن",
            "Such arrest, detention or abduction was carried out by, or with the authorization, "
            "support or acquiescence of, a State or a political organization.",
        ),
        _E(
            "cah.disappearance.5",
            "cah.disappearance",
            "art. 7(1)(i), element 5",
            "Refusal by or with the support of that State",
            "خودداری از سوی همان دولت یا با حمایت آن",
            "Such refusal to acknowledge that deprivation of freedom or to give information on "
            "the fate or whereabouts of such person or persons was carried out by, or with the "
            "authorization or support of, such State or political organization.",
        ),
        _E(
            "cah.disappearance.6",
            "cah.disappearance",
            "art. 7(1)(i), element 6",
            "Intent to remove from the protection of the law",
            "قصد خارج کردن از حمایت قانون",
            "The perpetrator intended to remove such person or persons from the protection of the "
            "law for a prolonged period of time.",
        ),
        _E(
            "cah.other_inhumane.1",
            "cah.other_inhumane",
            "art. 7(1)(k), element 1",
            "Great suffering or serious injury by an inhumane act",
            "رنج شدید یا آسیب جدی با عملی غیرانسانی",
            "The perpetrator inflicted great suffering, or serious injury to body or to mental or "
            "physical health, by means of an inhumane act.",
        ),
        _E(
            "cah.other_inhumane.2",
            "cah.other_inhumane",
            "art. 7(1)(k), element 2",
            "Of a character similar to other article 7 acts",
            "همانند دیگر اعمال ماده ۷",
            "Such act was of a character similar to any other act referred to in article 7, "
            "paragraph 1, of the Statute.",
        ),
        _E(
            "cah.other_inhumane.3",
            "cah.other_inhumane",
            "art. 7(1)(k), element 3",
            "Aware of the character of the act",
            "آگاهی از ماهیت عمل",
            "The perpetrator was aware of the factual circumstances that established the "
            "character of the act.",
        ),
        *_armed_conflict(
            "war_iac",
            "art. 8(2)(a)",
            "an international armed conflict",
            "مخاصمه مسلحانه بین‌المللی",
        ),
        _E(
            "war_iac.wilful_killing.1",
            "war_iac.wilful_killing",
            "art. 8(2)(a)(i), element 1",
            "Killed one or more persons",
            "کشتن یک یا چند نفر",
            "The perpetrator killed one or more persons.",
        ),
        *_protected("war_iac.wilful_killing", "art. 8(2)(a)(i)", 2),
        *_torture("war_iac.torture", "art. 8(2)(a)(ii)-1"),
        *_protected("war_iac.torture", "art. 8(2)(a)(ii)-1", 3),
        _E(
            "war_iac.denying_fair_trial.1",
            "war_iac.denying_fair_trial",
            "art. 8(2)(a)(vi), element 1",
            "Deprived of a fair and regular trial by denying judicial guarantees",
            "محروم کردن از دادرسی منصفانه و قانونی با سلب تضمین‌های قضایی",
            "The perpetrator deprived one or more persons of a fair and regular trial by denying "
            "judicial guarantees as defined, in particular, in the third and the fourth Geneva "
            "Conventions of 1949.",
        ),
        *_protected("war_iac.denying_fair_trial", "art. 8(2)(a)(vi)", 2),
        *_armed_conflict(
            "war_niac",
            "art. 8(2)(c)",
            "an armed conflict not of an international character",
            "مخاصمه مسلحانه غیربین‌المللی",
        ),
        _E(
            "war_niac.murder.1",
            "war_niac.murder",
            "art. 8(2)(c)(i)-1, element 1",
            "Killed one or more persons",
            "کشتن یک یا چند نفر",
            "The perpetrator killed one or more persons.",
        ),
        *_not_fighting(
            "war_niac.murder",
            "art. 8(2)(c)(i)-1",
            2,
            "Such person or persons were either hors de combat, or were civilians, medical "
            "personnel, or religious personnel taking no active part in the hostilities.",
        ),
        *_torture("war_niac.torture", "art. 8(2)(c)(i)-4"),
        *_not_fighting("war_niac.torture", "art. 8(2)(c)(i)-4", 3),
        _E(
            "war_niac.sentencing.1",
            "war_niac.sentencing",
            "art. 8(2)(c)(iv), element 1",
            "Passed sentence or executed one or more persons",
            "صدور حکم علیه یک یا چند نفر یا اعدام آنان",
            "The perpetrator passed sentence or executed one or more persons.",
        ),
        *_not_fighting("war_niac.sentencing", "art. 8(2)(c)(iv)", 2),
        _E(
            "war_niac.sentencing.4",
            "war_niac.sentencing",
            "art. 8(2)(c)(iv), element 4",
            "No judgement of a regularly constituted court affording the indispensable guarantees",
            (
                "نبود حکم پیشین دادگاهی که به‌طور قانونی تشکیل شده "
                "و تضمین‌های قضایی ضروری را رعایت کرده باشد"
            ),
            "There was no previous judgement pronounced by a court, or the court that rendered "
            "judgement was not “regularly constituted”, that is, it did not afford the essential "
            "guarantees of independence and impartiality, or the court that rendered judgement "
            "did not afford all other judicial guarantees generally recognized as indispensable "
            "under international law.",
        ),
        _E(
            "war_niac.sentencing.5",
            "war_niac.sentencing",
            "art. 8(2)(c)(iv), element 5",
            "Aware of the absence of a judgement or of the denial of guarantees",
            "آگاهی از نبود حکم پیشین یا سلب تضمین‌های قضایی",
            "The perpetrator was aware of the absence of a previous judgement or of the denial of "
            "relevant guarantees and the fact that they are essential or indispensable to a fair "
            "trial.",
        ),
        _E(
            "liability.commission",
            "liability",
            "art. 25(3)(a)",
            "Commission (alone, jointly or through another)",
            "ارتکاب (به‌تنهایی، مشترکاً یا از طریق دیگری)",
            "Commits such a crime, whether as an individual, jointly with another or through "
            "another person, regardless of whether that other person is criminally responsible.",
        ),
        _E(
            "liability.ordering",
            "liability",
            "art. 25(3)(b)",
            "Ordering, soliciting or inducing",
            "دستور دادن، درخواست یا ترغیب",
            "Orders, solicits or induces the commission of such a crime which in fact occurs or "
            "is attempted.",
        ),
        _E(
            "liability.aiding",
            "liability",
            "art. 25(3)(c)",
            "Aiding, abetting or otherwise assisting",
            "معاونت، مساعدت یا کمک به هر نحو دیگر",
            "For the purpose of facilitating the commission of such a crime, aids, abets or "
            "otherwise assists in its commission or its attempted commission, including "
            "providing the means for its commission.",
        ),
        _E(
            "liability.common_purpose",
            "liability",
            "art. 25(3)(d)",
            "Contribution to a group acting with a common purpose",
            "مشارکت در جنایت گروهی با هدف مشترک",
            "In any other way contributes to the commission or attempted commission of such a "
            "crime by a group of persons acting with a common purpose. Such contribution shall "
            "be intentional and shall either: (i) Be made with the aim of furthering the "
            "criminal activity or criminal purpose of the group, where such activity or purpose "
            "involves the commission of a crime within the jurisdiction of the Court; or (ii) "
            "Be made in the knowledge of the intention of the group to commit the crime.",
        ),
        _E(
            "liability.command",
            "liability",
            "art. 28(a)",
            "Command responsibility (military commanders)",
            "مسئولیت فرماندهان نظامی",
            "A military commander or person effectively acting as a military commander shall be "
            "criminally responsible for crimes within the jurisdiction of the Court committed by "
            "forces under his or her effective command and control, or effective authority and "
            "control as the case may be, as a result of his or her failure to exercise control "
            "properly over such forces, where: (i) That military commander or person either "
            "knew or, owing to the circumstances at the time, should have known that the forces "
            "were committing or about to commit such crimes; and (ii) That military commander "
            "or person failed to take all necessary and reasonable measures within his or her "
            "power to prevent or repress their commission or to submit the matter to the "
            "competent authorities for investigation and prosecution.",
        ),
        _E(
            "liability.superior",
            "liability",
            "art. 28(b)",
            "Superior responsibility (civilian superiors)",
            "مسئولیت مافوق غیرنظامی",
            "With respect to superior and subordinate relationships not described in paragraph "
            "(a), a superior shall be criminally responsible for crimes within the jurisdiction "
            "of the Court committed by subordinates under his or her effective authority and "
            "control, as a result of his or her failure to exercise control properly over such "
            "subordinates, where: (i) The superior either knew, or consciously disregarded "
            "information which clearly indicated, that the subordinates were committing or "
            "about to commit such crimes; (ii) The crimes concerned activities that were within "
            "the effective responsibility and control of the superior; and (iii) The superior "
            "failed to take all necessary and reasonable measures within his or her power to "
            "prevent or repress their commission or to submit the matter to the competent "
            "authorities for investigation and prosecution.",
        ),
    )
}
LIABILITY_GROUP = "liability"
# Crimes against humanity's contextual group (each family's is `Family.context`).
CONTEXT_GROUP = FAMILIES["cah"].context


def elements_of(group: str) -> list[Element]:
    """The elements of one crime (its key), of a family's contextual group or of "liability",
    in catalogue order."""
    return [e for e in ELEMENTS.values() if e.group == group]


def family_of_group(group: str) -> str:
    """The family a group of elements belongs to: a crime's, or the family whose contextual
    group it is ("context" -> "cah", "war_niac.context" -> "war_niac"); "" for "liability"."""
    if group in CRIMES:
        return CRIMES[group].family
    return next((f.key for f in FAMILIES.values() if f.context and f.context == group), "")


def families_alleged(crimes: Iterable[str]) -> list[str]:
    """The families of the crimes alleged, in the Statute's order."""
    alleged = {family_of(c) for c in crimes if c in CRIMES}
    return [f for f in FAMILIES if f in alleged]


def groups_pleaded(crimes: Iterable[str], linked: Iterable[str] = ()) -> list[str]:
    """The groups of elements a case alleging `crimes` must prove, by article: for each family
    alleged its contextual elements (every family but genocide: the attack, or the armed
    conflict) and its crimes in the order alleged, then the modes of liability. A family not
    alleged brings no contextual elements (a case of genocide alone does not prove a widespread
    or systematic attack, nor one of crimes against humanity an armed conflict), unless one of
    `linked` (element keys) is one of them: a link made before the catalogue asked for a crime
    of that family is shown, not hidden."""
    chosen = [c for c in dict.fromkeys(crimes) if c in CRIMES]
    shown = set(families_alleged(chosen))
    shown |= {e.family for k in linked if (e := ELEMENTS.get(k)) is not None and e.is_context}
    groups: list[str] = []
    for family in (f for f in FAMILIES if f in shown):
        context = FAMILIES[family].context
        groups += [context] if context else []
        groups += [c for c in chosen if family_of(c) == family]
    return [*groups, LIABILITY_GROUP]


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
    "link_strength": LINK_STRENGTHS,
    "crime_family": {key: (f.en, f.fa) for key, f in FAMILIES.items()},
    "crime": {key: (c.en, c.fa) for key, c in CRIMES.items()},
    "element": {key: (e.en, e.fa) for key, e in ELEMENTS.items()},
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
LinkStrength = _choices("LinkStrength", LINK_STRENGTHS)

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
