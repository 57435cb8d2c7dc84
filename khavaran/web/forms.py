# django-stubs types `self.fields[name]` as a bare Field (no `.choices`) and a
# ModelChoiceField whose queryset is set in __init__ as untyped; both are runtime-correct here.
# mypy: disable-error-code="attr-defined,var-annotated"
"""Forms for the workspace. Choice fields over records are always narrowed to what the user may
read (the views pass querysets from the `access` gates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from khavaran.evidence.models import Excerpt
from khavaran.ids import fits_a_row_id, row_id
from khavaran.records.actions import VALUE_FIELDS, BadValue, check_value
from khavaran.search.models import DocKind, SearchDocument
from khavaran.search.query import SOUND
from khavaran.text.arabic_script import (
    guess_script,
    has_visible_text,
    normalize_for_search,
    read_number,
    scripts_of,
)
from khavaran.vocabulary import (
    ASSESSMENTS,
    CONFIDENCE,
    CONFIDENTIALITY,
    INCIDENT_KINDS,
    NAME_KINDS,
    ORGANIZATION_KINDS,
    PARTICIPANT_ROLES,
    PLACE_KINDS,
    SCRIPTS,
    SOURCE_KINDS,
    label,
)
from khavaran.web.dates import parse_or_refuse


def vocab_choices(vocabulary: dict[str, tuple[str, str]], blank: bool = False) -> list[Any]:
    """Choices labelled in the active language (evaluated per form, so switching works)."""
    from django.utils.translation import get_language

    lang = "fa" if (get_language() or "en").startswith("fa") else "en"
    name = next(k for k, v in _VOCABS.items() if v is vocabulary)
    choices = [(value, label(name, value, lang)) for value in vocabulary]
    return [("", "—"), *choices] if blank else choices


_VOCABS = {
    "source_kind": SOURCE_KINDS,
    "confidentiality": CONFIDENTIALITY,
    "script": SCRIPTS,
    "name_kind": NAME_KINDS,
    "organization_kind": ORGANIZATION_KINDS,
    "place_kind": PLACE_KINDS,
    "incident_kind": INCIDENT_KINDS,
    "participant_role": PARTICIPANT_ROLES,
    "assessment": ASSESSMENTS,
    "confidence": CONFIDENCE,
}


# Record fields as readers know them: the edit forms' labels and the history's.
FIELD_LABELS = {
    "question": _("Question"),
    "predicate": _("Property"),
    "subject_text": _("Subject (free text)"),
    "subject_person_id": _("Person"),
    "subject_incident_id": _("Incident"),
    "subject_organization_id": _("Organization"),
    "value_text": _("Value (text)"),
    "value_number": _("Number"),
    "value_min": _("At least"),
    "value_max": _("At most"),
    "qualifier": _("Qualifier"),
    "attributed_to": _("Attributed to"),
    "attributed_person_id": _("Attributed to (person)"),
    "assessment": _("Assessment"),
    "assessed_by": _("Assessed by"),
    "confidentiality": _("Confidentiality"),
    "confidence": _("Confidence"),
    "is_deleted": _("Deleted"),
    "excerpts": _("Excerpts"),
    "key": _("Key"),
    "name": _("Name"),
    "name_fa": _("Name in Persian"),
    "text": _("Name"),
    "script": _("Script"),
    "kind": _("Kind"),
    "title": _("Title"),
    "description": _("Description"),
    "notes": _("Notes"),
    "father_name": _("Father's name"),
    "gender": _("Gender"),
    "place_text": _("Place"),
    "role": _("Role in the incident"),
    "start_value": _("From"),
    "end_value": _("To"),
    "birth_date_value": _("Born"),
    "person_id": _("Person"),
    "incident_id": _("Incident"),
    "post_id": _("Post"),
    "organization_id": _("Organization"),
    "parent_id": _("Part of"),
    "place_id": _("Place"),
    "birthplace_id": _("Birthplace"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
}

# The vocabulary of an edit form's choice field; a record's `kind` by its model.
EDIT_VOCABULARIES = {"confidentiality": CONFIDENTIALITY, "confidence": CONFIDENCE}
KIND_VOCABULARIES = {
    "Incident": INCIDENT_KINDS,
    "Organization": ORGANIZATION_KINDS,
    "Place": PLACE_KINDS,
}


class FigureField(forms.FloatField):
    """A figure as people type it: ASCII, Persian (۲۰۰۰) or Arabic-Indic (٢٠٠٠) digits, with
    or without thousands separators (2,000, ۲٬۰۰۰). A text input, since a browser's number
    input drops what is not ASCII digits and the form then saw no figure at all."""

    widget = forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "pattern": r"[\-\u2212]?[0-9\u06f0-\u06f9\u0660-\u0669,.\u066b\u066c\u060c ]+",
        }
    )

    # The stubs type FloatField.to_python as IntegerField's (int): it returns a float.
    def to_python(self, value: Any) -> float | None:  # type: ignore[override]
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return read_number(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value: Any) -> Any:
        # 2000.0 as "2000": what the source said, not a float's spelling.
        return int(value) if isinstance(value, float) and value.is_integer() else value


def figure_field(label: Any) -> FigureField:
    """An optional figure field: a claim's number, least or most (create and edit forms)."""
    return FigureField(label=label, required=False)


def value_errors(form: forms.BaseForm, values: dict[str, Any]) -> None:
    """Put the claim value rule (`records.actions.check_value`, the same on create and edit)
    on the form, in the reader's language; not when a figure was already refused as unreadable
    ("give the value" would then mislead)."""
    if any(f in form.errors for f in VALUE_FIELDS):
        return
    try:
        check_value(values)
    except BadValue as error:
        field = "value_max" if error.code == "most_below_least" else None
        form.add_error(field, value_message(error))


def value_message(error: BadValue) -> str:
    """The value rule's refusal in the reader's language."""
    if error.code == "most_below_least":
        return str(_("The most is less than the least."))
    return str(_("Give the value the source states."))


class LabelledEditForm(forms.ModelForm):  # type: ignore[type-arg]
    """The base of an edit form built from a model (`modelform_factory(..., form=...)`): its
    labels and choices in the reader's language, where a model's own are English."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = self._meta.model.__name__
        for name, field in self.fields.items():
            if name in FIELD_LABELS:
                field.label = FIELD_LABELS[name]
            words = KIND_VOCABULARIES.get(model) if name == "kind" else EDIT_VOCABULARIES.get(name)
            if words is not None and hasattr(field, "choices"):
                field.choices = vocab_choices(words, blank=not field.required)


class FuzzyDateField(forms.CharField):
    """A date typed as a source gives it; refused here when it cannot be read."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        parse_or_refuse(value or "")


class SourceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", "—"), ("en", _("English")), ("fa", _("Persian"))],
    )
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), required=False)
    needs_ocr = forms.BooleanField(label=_("Needs OCR"), required=False)
    published_from = FuzzyDateField(label=_("Published from"), required=False)
    published_to = FuzzyDateField(label=_("Published to"), required=False)

    def __init__(self, *args: Any, levels: tuple[str, ...] = ("public",), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = vocab_choices(SOURCE_KINDS, blank=True)
        allowed = [c for c in vocab_choices(CONFIDENTIALITY, blank=True) if c[0] in ("", *levels)]
        self.fields["confidentiality"].choices = allowed


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), initial="restricted")
    origin = forms.CharField(label=_("Origin (URL, donor, archive)"), required=False)
    keep_unread = forms.BooleanField(
        label=_("Keep it even if Khavaran cannot read it"),
        required=False,
        help_text=_(
            "An e-mail, an archive, a damaged or encrypted file is stored without text, "
            "hashed and in custody, instead of being refused."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = vocab_choices(SOURCE_KINDS, blank=True)
        self.fields["confidentiality"].choices = vocab_choices(CONFIDENTIALITY)


class SpanForm(forms.Form):
    """A selection in a source's text: code-point offsets plus the words the reader saw."""

    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=1)
    quote = forms.CharField(strip=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "start" in data and "end" in data and data["start"] >= data["end"]:
            raise forms.ValidationError(_("Select some text first."))
        # Blank lines or spaces alone are no passage (and would match anywhere in the text).
        if "quote" in data and not has_visible_text(data["quote"]):
            raise forms.ValidationError(_("Select some text first."))
        return data


class RowChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return super().to_python(value)
        pk = row_id(value)  # "۱۲" typed on a Persian keyboard is 12
        if pk is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(pk)


class RowsChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def _check_values(self, value: Any) -> Any:
        for pk in value or ():
            if not fits_a_row_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


class CitedForm(forms.Form):
    """Every fact form: at least one excerpt, chosen from those the user may read."""

    excerpts = RowsChoiceField(
        queryset=Excerpt.objects.none(),
        label=_("Excerpts"),
        error_messages={
            "required": _(
                "A fact needs at least one excerpt: select the passage "
                "in a source that supports it."
            )
        },
        widget=forms.MultipleHiddenInput,
    )

    def __init__(self, *args: Any, excerpts: QuerySet[Excerpt], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["excerpts"].queryset = excerpts

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            first, last = parse_or_refuse(start), parse_or_refuse(end)
            if first and last and last.latest < first.earliest:
                self.add_error(
                    "end", _("This ends before it starts (%(start)s).") % {"start": start}
                )
        return data


def _fuzzy_date_field(text: Any) -> Any:
    return FuzzyDateField(
        label=text,
        required=False,
        help_text=_('As the source gives it: "1367", "Mordad 1367", "summer 1988", "1988-08-15".'),
    )


class ClaimForm(CitedForm):
    question = forms.CharField(
        label=_("Question"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "questions"}),
        help_text=_("Claims with the same question are shown side by side."),
    )
    predicate = forms.CharField(label=_("Property"), max_length=100)
    subject_incident = RowChoiceField(queryset=None, required=False, label=_("Incident"))
    subject_person = RowChoiceField(queryset=None, required=False, label=_("Person"))
    subject_text = forms.CharField(label=_("Subject (free text)"), required=False)
    value_number = figure_field(_("Number"))
    value_min = figure_field(_("At least"))
    value_max = figure_field(_("At most"))
    value_text = forms.CharField(label=_("Value (text)"), required=False)
    qualifier = forms.CharField(label=_("Qualifier"), required=False)
    attributed_to = forms.CharField(
        label=_("Attributed to"),
        required=False,
        help_text=_("Whom the source attributes this to; say so if it gives nobody."),
    )
    confidentiality = forms.ChoiceField(label=_("Confidentiality"))

    def __init__(
        self, *args: Any, incidents: QuerySet[Any], people: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject_incident"].queryset = incidents
        self.fields["subject_person"].queryset = people
        self.fields["confidentiality"].choices = vocab_choices(CONFIDENTIALITY)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value_errors(self, {f: data.get(f) for f in VALUE_FIELDS})
        return data


class NameForm(CitedForm):
    person = RowChoiceField(
        queryset=None,
        required=False,
        label=_("Person"),
        help_text=_("Leave empty to create a new person with this name."),
    )
    someone_else = forms.BooleanField(
        label=_("This is someone else: create a new person"),
        required=False,
        help_text=_("Needed when a person you may read already has this name."),
    )
    text = forms.CharField(label=_("Name"), max_length=300)
    script = forms.ChoiceField(label=_("Script"), required=False)
    kind = forms.ChoiceField(label=_("Kind of name"))
    father_name = forms.CharField(label=_("Father's name"), required=False)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), initial="public")

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Any],
        names: QuerySet[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.names = names
        self.fields["person"].queryset = people
        # Blank by default: the script is then read from the name's letters.
        self.fields["script"].choices = [
            ("", _("From the name's letters")),
            *vocab_choices(SCRIPTS),
        ]
        self.fields["kind"].choices = vocab_choices(NAME_KINDS)
        self.fields["confidentiality"].choices = vocab_choices(CONFIDENTIALITY)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("text") or ""
        if not text:
            return data
        data["script"] = self._script(text, data.get("script") or "")
        if data.get("person") is None and not data.get("someone_else"):
            self._refuse_a_namesake(text)
        return data

    def _script(self, text: str, chosen: str) -> str:
        """The chosen script, or the letters' when none is chosen; one the letters contradict
        (a Latin name as Persian script) is refused, since it would be a second spelling."""
        if not chosen:
            return guess_script(text)
        found = scripts_of(text)
        if found and chosen not in found:
            self.add_error(
                "script",
                _("“%(name)s” is not written in %(script)s: it is %(found)s.")
                % {
                    "name": text,
                    "script": dict(vocab_choices(SCRIPTS))[chosen],
                    "found": dict(vocab_choices(SCRIPTS))[guess_script(text)],
                },
            )
        return chosen

    def _refuse_a_namesake(self, text: str) -> None:
        if self.names is None:
            return
        namesakes = people_named(self.fields["person"].queryset, self.names, text)
        if namesakes:
            self.add_error(
                None,
                _(
                    "Possible existing person: %(people)s. Choose them as Person, or tick "
                    "“This is someone else” to create a new person."
                )
                % {"people": ", ".join(f"{p} (#{p.pk})" for p in namesakes)},
            )


def people_named(people: QuerySet[Any], names: QuerySet[Any], text: str) -> list[Any]:
    """Of ``people``, those with one of ``names`` (both from the reader's gates) spelled as
    ``text`` once folded as search folds it (Arabic letter forms, diacritics, ZWNJ, digits,
    case), in any script. The folded spellings are the names' search documents."""
    spelled = normalize_for_search(text)
    # A name's document holds its folded text, then its sounds (`search.query.SOUND`).
    folded = SearchDocument.objects.filter(
        Q(body=spelled) | Q(body__startswith=f"{spelled} {SOUND}"), kind=DocKind.NAME
    )
    named = names.filter(pk__in=folded.values("ref_id")).values("person_id")
    return list(people.filter(pk__in=named).order_by("pk")[:5])


class TenureForm(CitedForm):
    person = RowChoiceField(queryset=None, label=_("Person"))
    post_title = forms.CharField(label=_("Post"), max_length=300)
    organization = RowChoiceField(queryset=None, required=False, label=_("Organization"))
    start = _fuzzy_date_field(_("From"))
    end = _fuzzy_date_field(_("To"))
    confidence = forms.ChoiceField(label=_("Confidence"), initial="medium")

    def __init__(
        self, *args: Any, people: QuerySet[Any], organizations: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["organization"].queryset = organizations
        self.fields["confidence"].choices = vocab_choices(CONFIDENCE)


class ParticipantForm(CitedForm):
    incident = RowChoiceField(queryset=None, label=_("Incident"))
    person = RowChoiceField(queryset=None, label=_("Person"))
    role = forms.ChoiceField(label=_("Role in the incident"))

    def __init__(
        self, *args: Any, incidents: QuerySet[Any], people: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["incident"].queryset = incidents
        self.fields["person"].queryset = people
        self.fields["role"].choices = vocab_choices(PARTICIPANT_ROLES)


class IncidentForm(CitedForm):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"))
    start = _fuzzy_date_field(_("From"))
    end = _fuzzy_date_field(_("To"))
    place_text = forms.CharField(label=_("Place"), required=False)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), initial="public")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = vocab_choices(INCIDENT_KINDS)
        self.fields["confidentiality"].choices = vocab_choices(CONFIDENTIALITY)


class OrganizationForm(CitedForm):
    name = forms.CharField(label=_("Name"), max_length=300)
    name_fa = forms.CharField(label=_("Name in Persian"), required=False)
    kind = forms.ChoiceField(label=_("Kind"))
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), initial="public")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = vocab_choices(ORGANIZATION_KINDS)
        self.fields["confidentiality"].choices = vocab_choices(CONFIDENTIALITY)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Say why (the reason is kept in the history).")},
    )


class AssessForm(ReasonForm):
    assessment = forms.ChoiceField(label=_("Assessment"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessment"].choices = vocab_choices(ASSESSMENTS)


class PublicSiteForm(forms.Form):
    public_site_enabled = forms.BooleanField(label=_("Public site open"), required=False)
