# django-stubs types `self.fields[name]` as a bare Field (no `.choices`); runtime-correct here.
# mypy: disable-error-code="attr-defined"
"""Forms of the case pages. Choices over records come from the `access` gates (the views pass
them), and ids are checked against the database's range (`forms.RowChoiceField`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from khavaran.vocabulary import CONFIDENTIALITY, CRIMES, ELEMENTS, LINK_STRENGTHS, label
from khavaran.web.forms import RowChoiceField, vocab_choices


def _lang() -> str:
    from django.utils.translation import get_language

    return "fa" if (get_language() or "en").startswith("fa") else "en"


def crime_choices() -> list[tuple[str, str]]:
    lang = _lang()
    return [(k, f"{label('crime', k, lang)} ({c.article})") for k, c in CRIMES.items()]


def element_choices(crimes: list[str]) -> list[tuple[str, str]]:
    """The contextual elements, those of the crimes alleged and the modes of liability."""
    lang = _lang()
    groups = {"context", "liability", *crimes}
    return [
        (k, f"{e.article}: {label('element', k, lang)}")
        for k, e in ELEMENTS.items()
        if e.group in groups
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


class LinkForm(forms.Form):
    """An element, the accused it concerns, a strength, a note and a citation: an excerpt (by
    its number, as the source page shows it) or the excerpts of a claim."""

    element = forms.ChoiceField(label=_("Element"))
    person = RowChoiceField(queryset=None, required=False, label=_("Accused"))
    strength = forms.ChoiceField(label=_("Strength"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    excerpt = RowChoiceField(
        queryset=None,
        required=False,
        label=_("Excerpt number"),
        widget=forms.NumberInput,
        help_text=_("The number of a passage you cited on a source page."),
    )
    claim = RowChoiceField(
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
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["element"].choices = element_choices(crimes)
        self.fields["person"].queryset = people
        self.fields["strength"].choices = _strength_choices()
        self.fields["excerpt"].queryset = excerpts
        self.fields["claim"].queryset = claims
        self.fields["confidentiality"].choices = vocab_choices(CONFIDENTIALITY)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("excerpt") and not data.get("claim") and not self.errors:
            raise forms.ValidationError(
                _("A link needs a citation: give an excerpt number or choose a claim.")
            )
        return data
