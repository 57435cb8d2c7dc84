# django-stubs types `self.fields[name]` as a bare Field (no `.choices`); runtime-correct here.
# mypy: disable-error-code="attr-defined"
"""Forms of the case pages. Choices over records come from the `access` gates (the views pass
them), and ids are checked against the database's range (`forms.RowChoiceField`)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khavaran.records import access
from khavaran.records.cases import CaseError
from khavaran.vocabulary import (
    CONFIDENTIALITY,
    CRIMES,
    ELEMENTS,
    LINK_STRENGTHS,
    VOCABULARIES,
    elements_of,
    groups_pleaded,
    label,
)
from khavaran.web.forms import ReasonForm, RowChoiceField, vocab_choices
from khavaran.web.queries import people_with_names
from khavaran.web.templatetags.case_words import article_fa
from khavaran.web.templatetags.khavaran import claim_label, reader_names


def _lang() -> str:
    from django.utils.translation import get_language

    return "fa" if (get_language() or "en").startswith("fa") else "en"


def _article(text: str, lang: str) -> str:
    return article_fa(text) if lang == "fa" else text


def crime_choices() -> list[tuple[str, str]]:
    lang = _lang()
    return [
        (k, f"{label('crime', k, lang)} ({_article(c.article, lang)})") for k, c in CRIMES.items()
    ]


def element_choices(crimes: list[str]) -> list[tuple[str, str]]:
    """The elements the crimes alleged bring, by article: for each family alleged its
    contextual elements (the attack, or the armed conflict), each crime's own, then the modes
    of liability (a case of genocide alone is offered no contextual element: genocide has
    none)."""
    lang = _lang()
    return [
        (e.key, f"{_article(e.article, lang)}: {label('element', e.key, lang)}")
        for group in groups_pleaded(crimes)
        for e in elements_of(group)
    ]


def _strength_choices() -> list[tuple[str, str]]:
    lang = _lang()
    return [(k, label("link_strength", k, lang)) for k in LINK_STRENGTHS]


class CaseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    crimes = forms.MultipleChoiceField(
        label=_("Crimes alleged"), required=False, widget=forms.CheckboxSelectMultiple
    )
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), initial="restricted")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crimes"].choices = crime_choices()
        self.fields["confidentiality"].choices = vocab_choices(CONFIDENTIALITY)


class AccuseForm(forms.Form):
    person = RowChoiceField(queryset=None, label=_("Person"))

    def __init__(self, *args: Any, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class ClaimChoiceField(RowChoiceField):
    """A claim by what it says, in the reader's language ("Number of people killed: Mass
    execution of political prisoners: 2,000 (Amnesty International)"), never by its question
    key. Subjects are named only as `reader` may read them (two queries for the list)."""

    reader: Any = None
    _subjects: dict[int, str] | None = None

    def label_from_instance(self, obj: Any) -> str:
        if self._subjects is None:
            self._subjects = claim_subjects(self.reader, list(self.queryset or ()))
        return claim_label(obj, self._subjects.get(obj.pk) or obj.subject_text)


def claim_subjects(reader: Any, claims: list[Any]) -> dict[int, str]:
    """Each claim's subject (incident title, person's name) as `reader` may read it; none
    without a reader."""
    if reader is None:
        return {}
    incident_ids = {c.subject_incident_id for c in claims if c.subject_incident_id}
    person_ids = {c.subject_person_id for c in claims if c.subject_person_id}
    incidents = access.incidents_visible_to(reader).filter(pk__in=incident_ids)
    titles = dict(incidents.values_list("pk", "title"))
    people = people_with_names(reader).filter(pk__in=person_ids)
    names = {p.pk: reader_names(p.names.all())[0] for p in people}
    return {
        c.pk: titles.get(c.subject_incident_id) or names.get(c.subject_person_id) or ""
        for c in claims
    }


class CatalogueChoiceField(forms.ChoiceField):
    """Offers the choices given, accepts any key of the catalogue: a page opened before the
    crimes alleged changed (or a crafted one) then gets the case's own refusal, which says
    what to tick, rather than Django's "not one of the available choices"."""

    def __init__(self, *args: Any, known: Collection[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.known = known

    def valid_value(self, value: str) -> bool:
        return value in self.known


class LinkForm(forms.Form):
    """An element, the accused it concerns, the crime alleged a mode of liability concerns, a
    strength, a note and a citation: an excerpt (by its number, as the source page shows it)
    or the excerpts of a claim."""

    element = CatalogueChoiceField(
        label=_("Element"),
        known=ELEMENTS,
        error_messages={"invalid_choice": _("Choose an element from the list.")},
    )
    person = RowChoiceField(queryset=None, required=False, label=_("Accused"))
    crime = CatalogueChoiceField(
        label=_("Crime"),
        known=CRIMES,
        error_messages={"invalid_choice": _("Choose a crime from the list.")},
        required=False,
        help_text=_(
            "For a mode of liability: the crime alleged it concerns (“ordered the murders”); "
            "link it once for each crime. Leave it empty for other elements."
        ),
    )
    strength = forms.ChoiceField(label=_("Strength"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    excerpt = RowChoiceField(
        queryset=None,
        required=False,
        label=_("Excerpt number"),
        # Not a number box: it drops the Persian digits a Persian keyboard types (۱۲).
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("The number of a passage you cited on a source page."),
    )
    claim = ClaimChoiceField(
        queryset=None,
        required=False,
        label=_("Claim"),
        help_text=_("The link cites the claim's passages when no excerpt is given."),
    )
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), initial="restricted")

    def __init__(
        self,
        *args: Any,
        crimes: list[str],
        people: QuerySet[Any],
        excerpts: QuerySet[Any],
        claims: QuerySet[Any],
        reader: Any = None,
        **kwargs: Any,
    ) -> None:
        """``reader``: whose gates name the claims' subjects (the signed-in user)."""
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = element_choices(crimes)
        self.fields["person"].queryset = people
        alleged = [(k, label) for k, label in crime_choices() if k in crimes]
        self.fields["crime"].choices = [("", "—"), *alleged]
        self.fields["strength"].choices = _strength_choices()
        self.fields["excerpt"].queryset = excerpts
        self.fields["claim"].queryset = claims
        self.fields["claim"].reader = reader
        self.fields["confidentiality"].choices = vocab_choices(CONFIDENTIALITY)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("excerpt") and not data.get("claim") and not self.errors:
            raise forms.ValidationError(
                _("A link needs a citation: give an excerpt number or choose a claim.")
            )
        return data


class CrimesForm(ReasonForm):
    """The crimes alleged, all of them, with the reason for the change."""

    crimes = forms.MultipleChoiceField(
        label=_("Crimes alleged"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["crimes"].choices = crime_choices()
        self.order_fields(["crimes", "reason"])


class WithdrawForm(ReasonForm):
    """Withdraw one accused, with the reason."""

    withdraw = RowChoiceField(queryset=None, label=_("Accused"), widget=forms.HiddenInput)

    def __init__(self, *args: Any, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["withdraw"].queryset = people


# A refusal of `records/cases.py` (`CaseError.code`) in the web's words: the form's fields,
# never a command-line flag.
_ERRORS: dict[str, Promise] = {
    "no_title": _("Give the case a title."),
    "unknown_level": _("Choose a confidentiality from the list."),
    "unknown_crime": _("Choose the crimes alleged from the list."),
    "crime_has_links": _(
        "Link %(link)s cites evidence for “%(element)s”: delete it in the element matrix "
        "before you untick “%(crime)s”."
    ),
    "context_has_links": _(
        "Link %(link)s cites evidence for “%(element)s”, a contextual element of %(family)s: "
        "delete it in the element matrix before you untick the last of them."
    ),
    "crime_has_hidden_links": _(
        "Links you may not read cite evidence for a crime you unticked; someone who may read "
        "them must delete them first."
    ),
    "already_accused": _("This person is already accused in this case."),
    "not_accused": _(
        "This person is not accused in this case: accuse them on the case page first, or "
        "choose another in the Accused field."
    ),
    "accused_has_links": _(
        "Links in the element matrix concern this person: delete them before withdrawing the "
        "accusation."
    ),
    "reason_required": _("Say why in the Reason field (it is kept in the history)."),
    "unknown_element": _("Choose an element from the list."),
    "unknown_strength": _("Choose a strength from the list."),
    "not_alleged": _(
        "This case does not allege “%(crime)s”: tick it under Crimes alleged on the case page "
        "before linking this element."
    ),
    "family_not_alleged": _(
        "“%(element)s” is a contextual element of %(family)s, and this case alleges none: tick "
        "one under Crimes alleged on the case page before linking it."
    ),
    "person_required": _("This element concerns an accused: choose one in the Accused field."),
    "crime_required": _(
        "A mode of liability is pleaded per crime: choose the crime alleged it concerns in the "
        "Crime field."
    ),
    "crime_mismatch": _(
        "“%(element)s” is an element of another crime than the one in the Crime field: leave "
        "the Crime field empty."
    ),
    "crime_for_context": _(
        "A contextual element is common to every crime of its family: leave the Crime field empty."
    ),
    "unsaved_excerpt": _("Choose a passage that is saved (its excerpt number)."),
    "not_editable": _("This part of a link cannot be changed: delete the link and link again."),
}


def case_error_message(error: CaseError) -> str:
    """A refusal in the reader's language, speaking of the form's fields."""
    template = _ERRORS.get(error.code)
    if template is None:
        return str(error)
    lang = _lang()
    params = dict(error.params)
    words = (("crime", "crime"), ("element", "element"), ("family", "crime_family"))
    for key, vocabulary in words:
        value = str(params.get(key, ""))
        if value in VOCABULARIES[vocabulary]:
            params[key] = label(vocabulary, value, lang)
    # "Crimes against humanity" inside a sentence: lower case in English (Persian has none).
    if "family" in params and lang == "en":
        params["family"] = str(params["family"]).lower()
    return str(template) % params
