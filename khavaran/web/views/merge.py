"""Merging people on the web (docs/merging.md): an editor merges another person into the one
on the page, after seeing both side by side; an admin takes a merge back from the merged
person's history. An old link to a merged person leads to the person it went into.

Refusals come from `records.merging.MergeError`, worded here by its code in the reader's
language, in one line.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khavaran.ids import row_id
from khavaran.records.merging import (
    FILLED,
    MergeError,
    current_person,
    merge_people,
    merged_from,
    merged_into,
    unmerge,
)
from khavaran.records.models import Person
from khavaran.web.forms import FIELD_LABELS, ReasonForm
from khavaran.web.permissions import ADMINS, EDITORS, requires
from khavaran.web.queries import people_named, people_with_names
from khavaran.web.record_kinds import person_label, readable_rows
from khavaran.web.templatetags.khavaran import both_calendars, current_lang

# Each refusal's words by its code; `%(person)s`, `%(into)s`, `%(keep)s` from its params.
MERGE_ERRORS = {
    "reason_required": gettext_lazy("Say why (the reason is kept in the history)."),
    "nothing_to_merge": gettext_lazy("Name the person to merge into this one."),
    "into_itself": gettext_lazy("A person cannot be merged into themselves."),
    "unreadable": gettext_lazy("No person %(person)s that you may read."),
    "deleted": gettext_lazy("Person %(person)s is deleted: restore it before merging."),
    "already_merged": gettext_lazy(
        "Person %(person)s was already merged into person %(into)s: merge that one instead."
    ),
    "not_merged": gettext_lazy("Person %(person)s is not merged."),
    "keep_gone": gettext_lazy(
        "Person %(keep)s, which person %(person)s was merged into, was merged or deleted "
        "since: unmerge or restore person %(keep)s first."
    ),
}


def merge_error_message(error: MergeError) -> str:
    """A merge's refusal in one line, in the reader's language."""
    if error.code == "already_merged" and error.params.get("into") is None:
        return _("Person %(person)s was already merged into another person.") % error.params
    words = MERGE_ERRORS.get(error.code)
    return str(words) % error.params if words else str(error)


def merged_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    """Where an old link to a merged person leads: the person it now is, with a note, when the
    reader may read both; else 404, as for any person they may not read."""
    old = readable_rows(Person, request.user).filter(pk=pk, is_deleted=True).first()
    if old is None or merged_into(old) is None:
        raise Http404("not found")
    now = current_person(old)
    if now.is_deleted or not readable_rows(Person, request.user).filter(pk=now.pk).exists():
        raise Http404("not found")
    messages.info(
        request,
        _("Person %(old)s was merged into this person.") % {"old": old.pk},
    )
    return redirect(f"/people/{now.pk}/")


def field_label(name: str) -> str:
    """A person's field as the edit forms and the history name it ("Born" for birth_date)."""
    for key in (name, f"{name}_value", f"{name}_id"):
        if key in FIELD_LABELS:
            return str(FIELD_LABELS[key])
    return name


def _own_fields(person: Person, lang: str) -> list[dict[str, str]]:
    """A person's own fields, as a merge compares them (those given)."""
    shown = []
    for name in FILLED:
        value = getattr(person, name)
        if name == "notes" or value in (None, ""):
            continue  # notes stay for the history's readers
        if name == "birth_date":
            gregorian, solar = both_calendars(value, lang)
            value = f"{gregorian} / {solar}"
        shown.append({"label": field_label(name), "value": str(value)})
    return shown


def also_recorded_as(user: Any, person: Person) -> list[dict[str, Any]]:
    """The people merged into `person` that `user` may read, each with their own fields (a
    second birth date, another father's name)."""
    lang = current_lang()
    readable = set(readable_rows(Person, user).values_list("pk", flat=True))
    return [
        {"pk": p.pk, "fields": _own_fields(p, lang)}
        for p in merged_from(person)
        if p.pk in readable
    ]


def _compare(value: Any) -> Any:
    if hasattr(value, "earliest"):
        return (value.earliest, value.latest, value.original)
    if hasattr(value, "pk"):
        return value.pk
    return value.strip() if isinstance(value, str) else value


def differences(keep: Person, other: Person) -> list[str]:
    """The fields two people give different values for: each keeps their own after a merge."""
    return [
        field_label(name)
        for name in FILLED
        if _compare(getattr(keep, name))
        and _compare(getattr(other, name))
        and _compare(getattr(keep, name)) != _compare(getattr(other, name))
    ]


def _candidates(user: Any, keep: Person, asked: str) -> list[Person]:
    """The people `asked` names: one id, or those with a name containing the words."""
    people = people_with_names(user).exclude(pk=keep.pk)
    number = row_id(asked)
    if number is not None:
        return list(people.filter(pk=number))
    return list(people_named(people, user, asked).order_by("pk")[:20]) if asked else []


@requires(EDITORS)
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the person to merge into this one (by id or name), compare, and merge."""
    user = request.user
    keep = readable_rows(Person, user).filter(pk=pk, is_deleted=False).first()
    if keep is None:
        raise Http404("not found")
    asked = (request.POST.get("other") or request.GET.get("other") or "").strip()
    form = ReasonForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        error = _merge(request, keep, asked, form.cleaned_data["reason"])
        if not error:
            return redirect(f"/people/{keep.pk}/")
    candidates = _candidates(user, keep, asked)
    by_id = row_id(asked) is not None
    chosen = candidates[0] if len(candidates) == 1 and by_id else None
    if by_id and chosen is None and not error:
        error = _("No person %(person)s that you may read.") % {"person": asked}
    context = {
        "keep": keep,
        "keep_name": person_label(user, keep),
        "asked": asked,
        "candidates": [(p, person_label(user, p)) for p in candidates],
        "chosen": chosen,
        "chosen_name": person_label(user, chosen) if chosen else "",
        "sides": _sides(keep, chosen) if chosen else [],
        "differ": differences(keep, chosen) if chosen else [],
        "form": form,
        "error": error,
    }
    failed = bool(error) or (request.method == "POST" and bool(form.errors))
    return render(request, "khavaran/records/merge.html", context, status=400 if failed else 200)


def _sides(keep: Person, other: Person) -> list[dict[str, str]]:
    """Both people's own fields, row by row, for the reader to compare before merging."""
    lang = current_lang()
    mine = {f["label"]: f["value"] for f in _own_fields(keep, lang)}
    theirs = {f["label"]: f["value"] for f in _own_fields(other, lang)}
    labels = list(dict.fromkeys([*mine, *theirs]))
    return [{"label": k, "keep": mine.get(k, ""), "other": theirs.get(k, "")} for k in labels]


def _merge(request: HttpRequest, keep: Person, asked: str, reason: str) -> str:
    """Merge the person `asked` names into `keep`; the refusal's words, or "" when merged."""
    number = row_id(asked)
    if number is None:
        return str(MERGE_ERRORS["nothing_to_merge"])
    other = Person.objects.filter(pk=number).first()
    if other is None:
        return _("No person %(person)s that you may read.") % {"person": asked}
    actor = str(request.user.get_username())
    try:
        merge_people(keep, [other], actor=actor, reason=reason, reader=request.user)
    except MergeError as error:
        return merge_error_message(error)
    messages.success(
        request, _("Person %(other)s was merged into this person.") % {"other": other.pk}
    )
    for label in differences(keep, other):
        messages.info(
            request,
            _("%(field)s differs: each person keeps their own, shown under “Also recorded as”.")
            % {"field": label},
        )
    return ""


@requires(ADMINS)
def person_unmerge(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back the merge of this person (admins): it is restored, and what moved comes back."""
    person = readable_rows(Person, request.user).filter(pk=pk).first()
    if person is None:
        raise Http404("not found")
    form = ReasonForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        actor = str(request.user.get_username())
        try:
            unmerge(person, actor=actor, reason=form.cleaned_data["reason"], reader=request.user)
            messages.success(
                request, _("The merge is taken back: person %(n)s is restored.") % {"n": person.pk}
            )
            return redirect(f"/people/{person.pk}/")
        except MergeError as refusal:
            error = merge_error_message(refusal)
    context = {
        "person": person,
        "into": merged_into(person),
        "form": form,
        "error": error,
    }
    failed = bool(error) or bool(form.errors)
    return render(request, "khavaran/records/unmerge.html", context, status=400 if failed else 200)
