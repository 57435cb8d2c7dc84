"""The case file in Markdown, from its data (`casefile.case_file_data`): a document a lawyer
reads and prints. Every fact is followed by its citations, `[n] “quoted passage”`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from khavaran.exports.labels import question_label
from khavaran.vocabulary import (
    CONTEXT_GROUPS,
    CRIMES,
    ELEMENTS,
    FAMILIES,
    LIABILITY_GROUP,
    family_of_group,
    groups_pleaded,
    label,
)

NO_EVIDENCE = "*No evidence linked yet.*"
# What the links say of an element, never a finding of proof: "supported" is one link for it
# of any strength and none against (the strengths are shown with each link).
STATUS_WORDS = {
    "proven": "supported",
    "contested": "contested (evidence both ways)",
    "missing": "no supporting evidence",
}
STATUS_NOTE = (
    "Statuses describe the evidence linked, not proof: *supported* means at least one link "
    "supports the element and none contradicts it, whatever its strength (shown with each "
    "link); *contested*, links both ways; *no supporting evidence*, none for it. A link "
    "resting on a claim shows that claim with every version of it the sources give, each with "
    "its own citation; where they differ the fact is called a *contested fact* — that is about "
    "what the sources say, while an element's status counts links only."
)
PARTIAL_NOTE = (
    "This file holds only what a reader at the {level} level may see: its statuses are "
    "computed from that evidence alone, and evidence above that level (for or against) can "
    "change them, as can a version of a fact above that level."
)
WITHDRAWN = "rests on a withdrawn {0}: it proves nothing; delete it or link the element again"
LACKS = {
    "person": "names no accused: it proves nothing; delete it or link the element again naming one",
    "crime": "names no crime alleged: it proves nothing; delete it or link it again for its crime",
}


def _en(vocabulary: str, value: str) -> str:
    return label(vocabulary, value, "en") if value else ""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def cites(citations: Iterable[dict[str, Any]], indent: str = "  ") -> list[str]:
    """Each citation as `[n] “quote” (p. N)`, on its own quoted line under the fact, in the
    order of their numbers (as the marks after the fact)."""
    lines = []
    for c in sorted(citations, key=lambda c: c["n"]):
        where = [f"p. {c['page']}"] if c["page"] else []
        if "start" in c:
            where.append(f"characters {c['start']}–{c['end']}")
        place = f" ({', '.join(where)})" if where else ""
        lines.append(f"{indent}> [{c['n']}] “{_one_line(c['quoted_text'])}”{place}")
    return lines


def _marks(citations: Iterable[dict[str, Any]]) -> str:
    numbers = sorted({c["n"] for c in citations})
    return " ".join(f"[{n}]" for n in numbers)


def _date(shown: dict[str, str] | None) -> str:
    if not shown:
        return "date unknown"
    words = f"{shown['gregorian']} ({shown['solar_hijri']} SH)"
    written = shown.get("as_written", "")
    # The source's own words, where they say more than the stored ISO date does.
    if written and written not in (shown["earliest"], shown["earliest"][:4], shown["earliest"][:7]):
        words += f", as written: “{written}”"
    return words


def _span(start: dict[str, str] | None, end: dict[str, str] | None) -> str:
    """Start – end, the end left out where it is the same date (a one-day or one-year span
    printed twice reads as two dates)."""
    if not end or end == start:
        return _date(start)
    return f"{_date(start)} – {_date(end)}"


def _group_title(group: str, crime: str = "") -> str:
    if group in CONTEXT_GROUPS:
        family = FAMILIES[family_of_group(group)]
        return f"{family.en}: contextual elements ({family.context_article})"
    if group == LIABILITY_GROUP:
        pleaded = f" for {CRIMES[crime].en.lower()}" if crime in CRIMES else ""
        return f"Modes of liability{pleaded} (arts. 25(3), 28)"
    return f"{CRIMES[group].en} ({CRIMES[group].article})"


def _link_lines(link: dict[str, Any], liability: bool) -> list[str]:
    who = f" — concerns {link['person_name']}" if link["person_name"] else ""
    crime = link.get("crime", "")
    pleaded = f", for {CRIMES[crime].en.lower()}" if liability and crime in CRIMES else ""
    note = f": {_one_line(link['note'])}" if link["note"] else ""
    withdrawn = f" ({WITHDRAWN.format(link['withdrawn'])})" if link.get("withdrawn") else ""
    lacking = f" ({LACKS[link['lacks']]})" if link.get("lacks") in LACKS else ""
    strength = _en("link_strength", link["strength"])
    head = f"- **{strength}**{who}{pleaded}{withdrawn}{lacking}{note} {_marks(link['citations'])}"
    fact = link.get("fact")
    return [head, *cites(link["citations"]), *(fact_lines(fact) if fact else [])]


def fact_lines(fact: dict[str, Any]) -> list[str]:
    """Under a link, the claim it rests on: every version the file holds, side by side, each
    with its citations, the one the link relies on marked; never the relied-on one alone,
    which would hide the evidence against it."""
    versions = fact["versions"]
    topic = question_label(fact["question"])
    if fact["contested"]:
        head = (
            f"  - Rests on a **contested fact**, {topic}: the sources give "
            f"{len(versions)} versions, all shown with their sources; this link relies on the "
            "one marked *relied on*."
        )
    else:
        head = f"  - Rests on the claim, {topic}:"
    lines = [head]
    for v in versions:
        relied = "*relied on*: " if v["relied_on"] and fact["contested"] else ""
        lines.append(f"    - {relied}{_version_text(v)} {_marks(v['citations'])}".rstrip())
        lines += cites(v["citations"], indent="      ")
    return lines


def _version_text(v: dict[str, Any]) -> str:
    qualifier = f" ({_one_line(v['qualifier'])})" if v["qualifier"] else ""
    by = f", attributed to {v['attributed_to']}" if v["attributed_to"] else ""
    return f"{v['value']}{qualifier} — {_en('assessment', v['assessment'])}{by}"


def _status_line(e: dict[str, Any]) -> list[str]:
    if e["accused"]:
        each = "; ".join(_accused_status(a) for a in e["accused"])
        return [f"Status per accused — {each}.", ""]
    return [f"Status: {STATUS_WORDS[e['status']]}.", ""]


def _accused_status(a: dict[str, Any]) -> str:
    """ "Ebrahim Raisi: supported", or for a mode of liability "…: supported for murder"."""
    crime = a.get("crime", "")
    pleaded = f" for {CRIMES[crime].en.lower()}" if crime in CRIMES else ""
    return f"{a['name']}: {STATUS_WORDS[a['status']]}{pleaded}"


def _for_whom(group: str) -> str:
    """Whom a section's count of supported elements is for: the attack and the policy, and
    the nexus with the armed conflict, are the case's (knowledge of the attack and awareness of
    the conflict, counted with them, are each accused's)."""
    if group in CONTEXT_GROUPS:
        return ""
    if group == LIABILITY_GROUP:
        return " for every accused and crime alleged"
    return " for every accused"


def _contested(element: dict[str, Any]) -> bool:
    """Contested for the case or for any one accused: an element missing evidence for one
    accused and contested for another is both (its status is the weakest)."""
    return element["status"] == "contested" or any(
        a["status"] == "contested" for a in element["accused"]
    )


def matrix_lines(matrix: list[dict[str, Any]], level: str = "confidential") -> list[str]:
    lines = ["## Element matrix", "", STATUS_NOTE, ""]
    if level != "confidential":
        lines += [PARTIAL_NOTE.format(level=level), ""]
    for section in matrix:
        elements = section["elements"]
        supported = sum(1 for e in elements if e["status"] == "proven")
        contested = sum(1 for e in elements if _contested(e))
        lines += [f"### {_group_title(section['group'])}", ""]
        lines += [
            f"{supported} of {len(elements)} elements supported"
            + _for_whom(section["group"])
            + f", {contested} contested (evidence both ways).",
            "",
        ]
        for e in elements:
            lines += [f"#### {e['label']} — `{e['element']}`, {e['article']}", ""]
            lines += [f"*{e['text']}*", ""]
            lines += _status_line(e)
            for link in e["links"]:
                lines += _link_lines(link, section["group"] == LIABILITY_GROUP)
            lines += [NO_EVIDENCE] if not e["links"] else []
            lines.append("")
    return lines


def proof_lines(proof: list[dict[str, Any]]) -> list[str]:
    """For each accused, the elements concerning them that are supported, contested or
    without supporting evidence."""
    lines = ["## Proof per accused", ""]
    for p in proof:
        lines += [f"### {p['name']} (person {p['person']})", ""]
        for g in p["groups"]:
            lines.append(f"- {_group_title(g['group'], g.get('crime', ''))}:")
            for status in ("proven", "contested", "missing"):
                shown = "; ".join(_element_label(k) for k in g[status]) or "none"
                lines.append(f"  - {STATUS_WORDS[status]}: {shown}")
        lines.append("")
    return lines if proof else [*lines, "No accused you may see.", ""]


def _element_label(key: str) -> str:
    """An element by its words and article ("Killed one or more persons (art. 7(1)(a))"),
    its catalogue key kept only for one the catalogue no longer has."""
    element = ELEMENTS.get(key)
    return f"{element.en} ({element.article})" if element else key


def _fact(text: str, citations: list[dict[str, Any]]) -> list[str]:
    return [f"- {text} {_marks(citations)}".rstrip(), *cites(citations)]


def _claim_text(c: dict[str, Any]) -> str:
    by = f", attributed to {c['attributed_to']}" if c["attributed_to"] else ""
    return (
        f"{question_label(c['question'])}: {c['value']} ({_en('assessment', c['assessment'])}{by})"
    )


def dossier_lines(d: dict[str, Any]) -> list[str]:
    lines = [f"### {d['name']} (person {d['person']})", "", "#### Names", ""]
    for n in d["names"]:
        kind = f", {_en('name_kind', n['kind']).lower()}" if n.get("kind") else ""
        lines += _fact(f"{n['text']} ({_en('script', n['script'])}{kind})", n["citations"])
    lines += ["", "#### Positions held", ""]
    for t in d["positions"] or []:
        org = f", {t['organization']}" if t["organization"] else ""
        when = _span(t["start"], t["end"])
        text = f"{t['post']}{org}: {when} (confidence {_en('confidence', t['confidence'])})"
        lines += _fact(text, t["citations"])
    lines += ["- None recorded."] if not d["positions"] else []
    lines += ["", "#### Incidents", ""]
    for p in d["incidents"]:
        when = _span(p["start"], p["end"])
        text = f"{_en('participant_role', p['role'])}: {p['title']}, {when}"
        lines += _fact(text, p["citations"])
    lines += ["- None recorded."] if not d["incidents"] else []
    for title, key in (
        ("Claims about them", "claims"),
        ("Statements attributed to them", "statements"),
    ):
        lines += ["", f"#### {title}", ""]
        for c in d[key]:
            lines += _fact(_claim_text(c), c["citations"])
        lines += ["- None recorded."] if not d[key] else []
    return [*lines, ""]


def _source_line(s: dict[str, Any]) -> str:
    parts = [f"[{s['n']}] {s['title']}", _en("source_kind", s["kind"])]
    parts += [p for p in (s["author"], s["publisher"], s["published"]) if p]
    parts.append(f"{_en('confidentiality', s['confidentiality'])}; SHA-256 `{s['sha256']}`")
    if s.get("text_method"):
        parts.append(f"text read with {s['text_method']} (citations count characters in it)")
    collected = s["collected_at"] or "unknown"
    if "collected_by" in s:
        collected += f" by {s['collected_by']}"
        if s["origin"]:
            collected += f"; origin: {_one_line(s['origin'])}"
        if s["original_filename"]:
            collected += f"; file: {s['original_filename']}"
    parts.append(f"collected {collected}")
    return ". ".join(parts) + "."


def _by_article(crimes: list[dict[str, Any]]) -> list[str]:
    """The crimes alleged as the matrix groups them: genocide (art. 6), crimes against
    humanity (art. 7), then war crimes (art. 8(2)(a), then 8(2)(c))."""
    return [g for g in groups_pleaded(c["crime"] for c in crimes) if g in CRIMES]


def marking_lines(data: dict[str, Any]) -> list[str]:
    """The file's marking, first: the most protected level of what it holds, not the case's
    (a file forwarded as "the restricted case file" must not carry a confidential witness).
    A file from before the marking was recorded goes without one."""
    level = data.get("contains_level")
    if not level:
        return []
    return [
        f"**{_en('confidentiality', level).upper()}**: the most protected material in this "
        f"file is {_en('confidentiality', level).lower()}; give it only to readers cleared "
        "for that level.",
        "",
    ]


def markdown(data: dict[str, Any]) -> str:
    case = data["case"]
    crimes = [f"- {CRIMES[c].en} ({CRIMES[c].article})" for c in _by_article(case["crimes"])]
    accused = [f"- {d['name']} (person {d['person']})" for d in data["accused"]]
    lines = [
        f"# Case file: {case['title']}",
        "",
        *marking_lines(data),
        f"Case {case['id']} (the case itself is "
        f"{_en('confidentiality', case['confidentiality'])}). Written "
        f"{data['written_at']} with {data['written_with']} for a reader at the "
        f"{data['reader_level']} level: it holds nothing above that level.",
        "",
        "Every fact is followed by its citations: [n] is a source in the numbered list at the "
        "end, followed by the quoted passage.",
        "",
        "## Summary",
        "",
        *([_one_line(case["description"]), ""] if case["description"] else []),
        "Crimes alleged:",
        "",
        *(crimes or ["- None yet."]),
        "",
        "Accused:",
        "",
        *(accused or ["- None you may see."]),
        "",
        *matrix_lines(data["matrix"], data["reader_level"]),
        *proof_lines(data.get("proof_by_accused", [])),
        "## Accused",
        "",
    ]
    for d in data["accused"]:
        lines += dossier_lines(d)
    lines += ["## Sources", ""]
    lines += [_source_line(s) for s in data["sources"]] or ["None cited."]
    return "\n".join(lines).rstrip() + "\n"
