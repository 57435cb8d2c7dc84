"""Person, Name, Organization, Post, Tenure, Place, Incident, Participant, Claim, Case, Accused,
ElementLink."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _

from khavaran.evidence.models import FuzzyDate, SoftDeletable
from khavaran.public_ids import public_id
from khavaran.records.citations import Cited
from khavaran.vocabulary import (
    Assessment,
    Confidence,
    Confidentiality,
    IncidentKind,
    LinkStrength,
    NameKind,
    OrganizationKind,
    ParticipantRole,
    PlaceKind,
    Script,
)


def format_number(x: float) -> str:
    """A figure with thousands separators, ASCII digits, no decimals when whole: "2,000"."""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


@dataclass(frozen=True)
class Figure:
    """A claim's value as numbers: exactly one (low == high), a range, or one bound only (the
    other None): what a source says ("2,000", "2,000 to 3,000", "more than 2,000")."""

    low: float | None
    high: float | None

    @classmethod
    def of(cls, number: float | None, low: float | None, high: float | None) -> Figure | None:
        if number is not None:
            return cls(number, number)
        return None if low is None and high is None else cls(low, high)

    @property
    def bound(self) -> str:
        """ "exact", "range", "at_least" or "at_most"."""
        if self.low is not None and self.high is not None:
            return "exact" if self.low == self.high else "range"
        return "at_least" if self.low is not None else "at_most"

    def display(self) -> str:
        """ASCII digits, words in the active language (the template filter `claim_value`
        puts the digits in the reader's)."""
        low, high = (None if x is None else format_number(x) for x in (self.low, self.high))
        if self.bound == "exact":
            return str(low)
        if self.bound == "range":
            return f"{low}–{high}"
        if self.bound == "at_least":
            return _("at least %(number)s") % {"number": low}
        return _("at most %(number)s") % {"number": high}


class Record(SoftDeletable):
    """Fields every record has: a stable key for imports, confidentiality, soft delete."""

    key = models.CharField(max_length=100, blank=True, db_index=True)
    confidentiality = models.CharField(
        max_length=16, choices=Confidentiality.choices, default=Confidentiality.PUBLIC
    )

    class Meta:
        abstract = True


class Place(Record):
    name = models.CharField(max_length=300)
    name_fa = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=16, choices=PlaceKind.choices, default=PlaceKind.OTHER)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Person(Record):
    father_name = models.CharField(max_length=200, blank=True)
    gender = models.CharField(max_length=16, blank=True)
    birth_date = models.ForeignKey(
        FuzzyDate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    birthplace = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL)
    notes = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        names = list(self.names.all())
        latin = [n for n in names if n.script == Script.LATIN]
        chosen = (latin or names)[:1]
        return chosen[0].text if chosen else self.unnamed(self.pk)

    @staticmethod
    def unnamed(pk: int) -> str:
        """A person no name of whom the reader may read: "Person" and the first characters of
        their public id (`khavaran.public_ids`), as an untitled source is named. Never their
        row id: this text reaches the public site (names are as protected as their citations),
        where row ids would count the people it hides."""
        return _("Person %(n)s") % {"n": public_id("person", pk)[:6]}


class Name(Cited):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    text = models.CharField(max_length=300)
    script = models.CharField(max_length=16, choices=Script.choices)
    kind = models.CharField(max_length=16, choices=NameKind.choices, default=NameKind.BIRTH)

    def __str__(self) -> str:
        return self.text


class Organization(Record):
    name = models.CharField(max_length=300)
    name_fa = models.CharField(max_length=300, blank=True)
    kind = models.CharField(
        max_length=16, choices=OrganizationKind.choices, default=OrganizationKind.OTHER
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)
    excerpts = models.ManyToManyField("evidence.Excerpt", blank=True, related_name="+")

    def __str__(self) -> str:
        return self.name


class Post(Record):
    title = models.CharField(max_length=300)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )

    def __str__(self) -> str:
        return self.title


class Tenure(Cited, SoftDeletable):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="tenures")
    post = models.ForeignKey(Post, on_delete=models.PROTECT, related_name="tenures")
    start = models.ForeignKey(
        FuzzyDate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end = models.ForeignKey(
        FuzzyDate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confidence = models.CharField(max_length=8, choices=Confidence.choices, default="medium")

    def __str__(self) -> str:
        return f"{self.person} — {self.post}"


class Incident(Record):
    kind = models.CharField(max_length=32, choices=IncidentKind.choices)
    title = models.CharField(max_length=300)
    start = models.ForeignKey(
        FuzzyDate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end = models.ForeignKey(
        FuzzyDate, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL)
    place_text = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    excerpts = models.ManyToManyField("evidence.Excerpt", blank=True, related_name="+")

    def __str__(self) -> str:
        return self.title


class Participant(Cited, SoftDeletable):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=32, choices=ParticipantRole.choices)

    def __str__(self) -> str:
        return f"{self.person} ({self.role}) in {self.incident}"


class Claim(Cited, SoftDeletable):
    """What a source states, structured, with who the source attributes it to."""

    question = models.CharField(max_length=200, db_index=True)
    subject_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    subject_incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    subject_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    subject_text = models.CharField(max_length=300, blank=True)
    predicate = models.CharField(max_length=100)
    value_text = models.TextField(blank=True)
    value_number = models.FloatField(null=True, blank=True)
    value_min = models.FloatField(null=True, blank=True)
    value_max = models.FloatField(null=True, blank=True)
    qualifier = models.CharField(max_length=300, blank=True)
    attributed_to = models.CharField(max_length=300, blank=True)
    attributed_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="attributed_claims"
    )
    assessment = models.CharField(
        max_length=16, choices=Assessment.choices, default=Assessment.UNCORROBORATED
    )
    assessed_by = models.CharField(max_length=150, blank=True)
    confidentiality = models.CharField(
        max_length=16, choices=Confidentiality.choices, default=Confidentiality.PUBLIC
    )

    def __str__(self) -> str:
        return f"{self.question}: {self.value_display}"

    @property
    def figure(self) -> Figure | None:
        """The value as numbers (None for a value in words only)."""
        return Figure.of(self.value_number, self.value_min, self.value_max)

    @property
    def value_display(self) -> str:
        """The value in the reader's language: "2,000", "2,000–3,000", "at least 2,000",
        "at most 2,000", or the words the source gives. Reads the four value fields only, so
        that a row of them can be shown the same way (`views.records._ClaimRow`)."""
        figure = Figure.of(self.value_number, self.value_min, self.value_max)
        return figure.display() if figure is not None else self.value_text


class Case(Record):
    """A file about one or more accused persons and the crimes alleged against them."""

    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    # Keys of `vocabulary.CRIMES`, in the order they were alleged.
    crimes = models.JSONField(default=list, blank=True)
    accused: models.ManyToManyField[Person, Accused] = models.ManyToManyField(
        Person, through="Accused", related_name="cases"
    )

    def __str__(self) -> str:
        return self.title


class Accused(models.Model):
    """A person accused in a case: a row of its own, so that adding and removing one is audited
    and `verify` compares it with the log."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accusations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="accusations")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="accused_once_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.case}"


class ElementLink(Cited, SoftDeletable):
    """An analyst's link from a legal element of a case (`vocabulary.ELEMENTS`) to the passages
    that prove it, and the claim, incident or tenure they carry, with a strength and a note."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="links")
    element = models.CharField(max_length=64, db_index=True)
    # The crime alleged it concerns (a key of `vocabulary.CRIMES`): chosen for a mode of
    # liability ("ordered the murders"), the element's own for a crime's element, "" for a
    # contextual element (and for a mode of liability linked before crimes were recorded).
    crime = models.CharField(max_length=64, blank=True, default="")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="element_links"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.PROTECT, related_name="element_links"
    )
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="element_links"
    )
    tenure = models.ForeignKey(
        Tenure, null=True, blank=True, on_delete=models.PROTECT, related_name="element_links"
    )
    strength = models.CharField(max_length=16, choices=LinkStrength.choices)
    note = models.TextField(blank=True)
    confidentiality = models.CharField(
        max_length=16, choices=Confidentiality.choices, default=Confidentiality.RESTRICTED
    )

    def __str__(self) -> str:
        return f"{self.element} in {self.case}"
