"""The demo's case file: the members of the Tehran commission, with a few element links that
cite passages of the shipped example sources (khavaran/demo/case/). Each note says only what
the quoted passages say; most elements are left unproven on purpose, so the element matrix
shows its gaps."""

from __future__ import annotations

from dataclasses import dataclass

from khavaran.evidence.actions import cite_quote
from khavaran.evidence.models import Excerpt, Source
from khavaran.records.cases import LinkSpec, accuse, create_case, link_element
from khavaran.records.models import Case, Claim, Incident, Person, Tenure

REPORT = "report-tehran-commission.md"
CAREERS = "officials-later-careers.md"
COMMISSION = ("nayyeri", "eshraghi", "raisi", "pourmohammadi")


@dataclass(frozen=True)
class DemoLink:
    element: str
    strength: str
    quotes: tuple[tuple[str, str], ...]
    note: str
    person: str = ""
    # The crime alleged a mode of liability is linked for.
    crime: str = ""


LINKS = (
    DemoLink(
        "cah.context.attack",
        "moderate",
        (
            (
                REPORT,
                "prisoners were put to death in jails all over Iran from the last days of July "
                "1988 into the first days of September",
            ),
        ),
        "Amnesty International (2018), as the research summary restates it: killings in "
        "prisons across Iran from late July into early September 1988.",
    ),
    DemoLink(
        "cah.context.policy",
        "moderate",
        (
            (
                REPORT,
                "The order said that prisoners still loyal to the People's Mojahedin "
                "Organization of Iran (PMOI) must be put to death.",
            ),
        ),
        "Khomeini's undated order, in JVMI's English translation as the research summary "
        "restates it; the decree itself is not among the demo's sources.",
    ),
    DemoLink(
        "cah.persecution.3",
        "moderate",
        (
            (
                REPORT,
                "The order said that prisoners still loyal to the People's Mojahedin "
                "Organization of Iran (PMOI) must be put to death.",
            ),
        ),
        "The order as restated names prisoners by their loyalty to a political organization.",
        person="raisi",
    ),
    DemoLink(
        "liability.common_purpose",
        "moderate",
        (
            (REPORT, "deputy prosecutor of Tehran: Ebrahim Raisi"),
            (REPORT, "who were to settle each case by majority vote"),
        ),
        "Human Rights Watch (2005) and CHRI (2016) name him among the four members of the "
        "commission that sat in Tehran; the order gave its deciders each case by majority vote.",
        person="raisi",
        crime="cah.murder",
    ),
    DemoLink(
        "cah.context.knowledge",
        "weak",
        ((CAREERS, '"We are proud to have carried out God\'s commandment"'),),
        "A statement of August 2016 defending the executions, as Voice of America reported it: "
        "later words, not proof of what he knew in 1988.",
        person="pourmohammadi",
    ),
)


def _excerpt(sources: dict[str, Source], file: str, quote: str, actor: str) -> Excerpt:
    return cite_quote(sources[file], quote, actor=actor)


def load_demo_case(*, actor: str) -> Case | None:
    """The demo case, when the example case's sources and people are loaded (else None)."""
    sources = {s.original_filename: s for s in Source.objects.filter(is_deleted=False)}
    people = {p.key: p for p in Person.objects.filter(key__in=COMMISSION)}
    if REPORT not in sources or CAREERS not in sources or len(people) < len(COMMISSION):
        return None
    case = create_case(
        "Tehran commission, summer 1988 (demo case)",
        actor=actor,
        description=(
            "A demonstration built from the example sources shipped with Khavaran: the four "
            "members of the commission that sat in Tehran in 1988, as Human Rights Watch and "
            "CHRI name them. Not a legal assessment."
        ),
        crimes=["cah.murder", "cah.persecution"],
        key="tehran-commission-demo",
    )
    for key in COMMISSION:
        accuse(case, people[key], actor=actor)
    massacre = Incident.objects.filter(key="massacre-1988").first()
    for spec in LINKS:
        person = people.get(spec.person)
        excerpts = [_excerpt(sources, f, q, actor) for f, q in spec.quotes]
        link_element(
            LinkSpec(
                case,
                spec.element,
                spec.strength,
                excerpts,
                person=person,
                crime=spec.crime,
                note=spec.note,
                incident=massacre if spec.element == "cah.context.attack" else None,
                tenure=_commission_tenure(person) if spec.person == "raisi" else None,
                claim=_statement(person) if spec.element == "cah.context.knowledge" else None,
            ),
            actor=actor,
        )
    return case


def _commission_tenure(person: Person | None) -> Tenure | None:
    return Tenure.objects.filter(person=person, post__organization__key="tehran-commission").first()


def _statement(person: Person | None) -> Claim | None:
    return Claim.objects.filter(subject_person=person, predicate="said").first()
