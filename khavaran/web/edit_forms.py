# django-stubs types `self.fields[name]` as a bare Field (no `.choices`, no `.queryset`); both
# are runtime-correct here, as in forms.py.
# mypy: disable-error-code="attr-defined"
"""Edit forms for the records whose fields a plain model form cannot offer safely: a name
(its script and kind in the reader's words), a participation (its role), a tenure (its dates,
post and person), an incident (its dates) and a claim (its subject). Records chosen are only
those the editor may read, and a date is typed as sources give it.

Each form's `changes()` gives the fields to pass to `update_record`: only those that changed,
a typed date as a new FuzzyDate row (dates are never edited in place: the history keeps the
old one).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from khavaran.evidence.models import FuzzyDate
from khavaran.records import access
from khavaran.records.actions import VALUE_FIELDS
from khavaran.vocabulary import (
    CONFIDENCE,
    CONFIDENTIALITY,
    INCIDENT_KINDS,
    NAME_KINDS,
    PARTICIPANT_ROLES,
    SCRIPTS,
)
from khavaran.web.dates import parse_or_refuse, save_date_text
from khavaran.web.forms import (
    FIELD_LABELS,
    FuzzyDateField,
    ReasonForm,
    RowChoiceField,
    figure_field,
    value_errors,
    vocab_choices,
)


def date_text(fd: FuzzyDate | None) -> str:
    """A stored date as a reader would type it again: the source's words where kept."""
    if fd is None:
        return ""
    if fd.original:
        return fd.original
    if fd.earliest == fd.latest:
        return fd.earliest.isoformat()
    return f"{fd.earliest.isoformat()} – {fd.latest.isoformat()}"


class RecordEditForm(ReasonForm):
    """A record's editable fields and the reason; `changes()` says what to write."""

    FIELDS: tuple[str, ...] = ()
    CHOICES: dict[str, dict[str, tuple[str, str]]] = {}
    DATES: tuple[str, ...] = ()

    def __init__(self, data: Any = None, *, instance: Model, user: Any) -> None:
        self.instance = instance
        initial = {name: _initial(instance, name) for name in self.FIELDS}
        initial.update({name: date_text(getattr(instance, name)) for name in self.DATES})
        super().__init__(data, initial=initial)
        self.order_fields([*self.FIELDS, *self.DATES, "reason"])
        for name, words in self.CHOICES.items():
            self.fields[name].choices = vocab_choices(words)
        self.narrow(user)

    def narrow(self, user: Any) -> None:
        """Limit the record choices to what `user` may read (none by default)."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start") or "", data.get("end") or ""
        first, last = parse_or_refuse(start), parse_or_refuse(end)
        if first and last and last.latest < first.earliest:
            self.add_error("end", _("This ends before it starts (%(start)s).") % {"start": start})
        return data

    def changes(self) -> dict[str, Any]:
        """The fields that changed, as `update_record` takes them (call after `is_valid`)."""
        changed: dict[str, Any] = {}
        for name in self.FIELDS:
            value = self.cleaned_data[name]
            if _comparable(value) != _comparable(getattr(self.instance, name)):
                changed[name] = value
        for name in self.DATES:
            if self.cleaned_data[name].strip() != date_text(getattr(self.instance, name)):
                changed[name] = save_date_text(self.cleaned_data[name])
        return changed


def _initial(instance: Model, name: str) -> Any:
    value = getattr(instance, name)
    return value.pk if isinstance(value, Model) else value


def _comparable(value: Any) -> Any:
    return value.pk if isinstance(value, Model) else value


def _date_field(label: Any) -> FuzzyDateField:
    return FuzzyDateField(
        label=label,
        required=False,
        help_text=_('As the source gives it: "1367", "Mordad 1367", "summer 1988", "1988-08-15".'),
    )


class NameEditForm(RecordEditForm):
    FIELDS = ("text", "script", "kind")
    CHOICES = {"script": SCRIPTS, "kind": NAME_KINDS}

    text = forms.CharField(label=FIELD_LABELS["text"], max_length=300)
    script = forms.ChoiceField(label=FIELD_LABELS["script"])
    kind = forms.ChoiceField(label=_("Kind of name"))


class ParticipantEditForm(RecordEditForm):
    FIELDS = ("role",)
    CHOICES = {"role": PARTICIPANT_ROLES}

    role = forms.ChoiceField(label=FIELD_LABELS["role"])


class TenureEditForm(RecordEditForm):
    FIELDS = ("person", "post", "confidence")
    CHOICES = {"confidence": CONFIDENCE}
    DATES = ("start", "end")

    person = RowChoiceField(queryset=None, label=_("Person"))
    post = RowChoiceField(queryset=None, label=_("Post"))
    confidence = forms.ChoiceField(label=FIELD_LABELS["confidence"])
    start = _date_field(_("From"))
    end = _date_field(_("To"))

    def narrow(self, user: Any) -> None:
        self.fields["person"].queryset = access.people_visible_to(user)
        posts = access.posts_visible_to(user).select_related("organization")
        self.fields["post"].queryset = posts.order_by("title", "pk")


class IncidentEditForm(RecordEditForm):
    FIELDS = ("title", "kind", "place_text", "description", "confidentiality")
    CHOICES = {"kind": INCIDENT_KINDS, "confidentiality": CONFIDENTIALITY}
    DATES = ("start", "end")

    title = forms.CharField(label=FIELD_LABELS["title"], max_length=300)
    kind = forms.ChoiceField(label=FIELD_LABELS["kind"])
    start = _date_field(_("From"))
    end = _date_field(_("To"))
    place_text = forms.CharField(label=FIELD_LABELS["place_text"], required=False)
    description = forms.CharField(
        label=FIELD_LABELS["description"], required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confidentiality = forms.ChoiceField(label=FIELD_LABELS["confidentiality"])


class ClaimEditForm(RecordEditForm):
    FIELDS = (
        "question",
        "predicate",
        "subject_incident",
        "subject_person",
        "subject_text",
        "value_text",
        "value_number",
        "value_min",
        "value_max",
        "qualifier",
        "attributed_to",
    )

    question = forms.CharField(label=FIELD_LABELS["question"], max_length=200)
    predicate = forms.CharField(label=FIELD_LABELS["predicate"], max_length=100)
    subject_incident = RowChoiceField(queryset=None, required=False, label=_("Incident"))
    subject_person = RowChoiceField(queryset=None, required=False, label=_("Person"))
    subject_text = forms.CharField(label=FIELD_LABELS["subject_text"], required=False)
    value_text = forms.CharField(label=FIELD_LABELS["value_text"], required=False)
    # As on the create form: Persian digits read, and the same rule on the value.
    value_number = figure_field(FIELD_LABELS["value_number"])
    value_min = figure_field(FIELD_LABELS["value_min"])
    value_max = figure_field(FIELD_LABELS["value_max"])
    qualifier = forms.CharField(label=FIELD_LABELS["qualifier"], required=False)
    attributed_to = forms.CharField(label=FIELD_LABELS["attributed_to"], required=False)

    def narrow(self, user: Any) -> None:
        self.fields["subject_incident"].queryset = access.incidents_visible_to(user)
        self.fields["subject_person"].queryset = access.people_visible_to(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The create form's rule, from one place (records.actions.check_value).
        value_errors(self, {f: data.get(f) for f in VALUE_FIELDS})
        return data


# The record kinds (`record_kinds.KINDS` slugs) edited with a form of their own.
EDIT_FORMS: dict[str, type[RecordEditForm]] = {
    "name": NameEditForm,
    "participant": ParticipantEditForm,
    "tenure": TenureEditForm,
    "incident": IncidentEditForm,
    "claim": ClaimEditForm,
}
