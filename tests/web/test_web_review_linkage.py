"""Victim lists and linkage review in the workspace: the lists, the documented count of the
latest run (per list, overlaps, chart), and the pairs nearest the threshold side by side, where a
reviewer confirms or splits them. Lists are sensitive: no viewer or anonymous access, and each
reader sees only the lists their clearance allows.

The run is recorded directly (no engine): three lists, hand-scored pairs around a 0.9 threshold.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from khavaran.analysis.actions import RunData, import_list, record_linkage_run
from khavaran.analysis.lists_import import ImportOptions
from khavaran.analysis.models import LinkageRun, LinkDecision, LinkPair, ListRecord

HTMX = {"HTTP_HX_REQUEST": "true"}
HEADERS = ["First name", "Last name", "Father's name", "Year of birth", "City"]
LISTS = {
    "families": ("restricted", [
        ["Mohammad Reza", "Ahmadi", "Ali", "1961", "Tehran"],
        ["Hossein", "Rezaei", "Mahmoud", "1963", "Tabriz"],
        ["Ali", "Kazemi", "Hassan", "1959", "Shiraz"],
    ]),
    "memorial": ("restricted", [
        ["Mohammad", "Ahmadi", "Ali", "1961", "Tehran"],
        ["Hosein", "Rezai", "", "1963", ""],
        ["Maryam", "Hosseini", "Mostafa", "1965", "Isfahan"],
    ]),
    "closed-list": ("confidential", [["Zeta", "Secretperson", "Mostafa", "1965", "Isfahan"]]),
}  # fmt: skip
# (left uid, right uid, probability) around the 0.9 threshold (odds 9, weight 3.17 bits).
PAIRS = [
    ("families:1", "memorial:1", 0.995),  # 4.5 bits away: outside the default band of 3
    ("families:2", "memorial:2", 0.88),  # 0.30 bits
    ("families:3", "memorial:3", 0.20),  # 5.2 bits below
    ("closed-list:1", "memorial:3", 0.91),  # 0.17 bits, and confidential
    ("families:1", "memorial:2", 0.93),  # 0.56 bits
]
CLUSTERS = {
    "families:1": "a", "memorial:1": "a", "families:2": "b", "memorial:2": "c",
    "families:3": "d", "memorial:3": "e", "closed-list:1": "e",
}  # fmt: skip


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([HEADERS, *rows])
    return path


def record_run(actor: str = "test") -> LinkageRun:
    uids = {r.uid: r.pk for r in ListRecord.objects.select_related("victim_list")}
    data = RunData(
        parameters={"threshold": 0.9},
        input_hash="0" * 64,
        summary={"n_clusters": len(set(CLUSTERS.values()))},
        lists=sorted(LISTS),
        pairs=[(uids[left], uids[right], p, None) for left, right, p in PAIRS],
        clusters=[(uids[uid], cluster) for uid, cluster in CLUSTERS.items()],
    )
    return record_linkage_run(data, actor=actor)


@pytest.fixture(scope="module")
def linked(
    shipped_case: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Three imported lists and one linkage run, once per module (rolled back with the case)."""
    folder = tmp_path_factory.mktemp("lists")
    with django_db_blocker.unblock():
        for name, (level, rows) in LISTS.items():
            path = _write(folder / f"{name}.csv", rows)
            import_list(path, ImportOptions(name=name, actor="test", confidentiality=level))
        record_run()


def pair(left: str, right: str) -> LinkPair:
    run = LinkageRun.objects.order_by("-pk").first()
    return next(
        p
        for p in LinkPair.objects.filter(run=run).select_related(
            "record_l__victim_list", "record_r__victim_list"
        )
        if (p.record_l.uid, p.record_r.uid) == (left, right)
    )


def decide(client: Any, target: LinkPair, decision: str, reason: str = "") -> Any:
    data = {"decision": decision, "reason": reason}
    return client.post(f"/lists/pairs/{target.pk}/decide/", data, **HTMX)


def test_the_lists_page_shows_each_list_and_the_documented_count(
    client_as: Any, linked: None
) -> None:
    page = client_as("admin").get("/lists/").content.decode()
    for name in LISTS:
        assert name in page
    assert '<strong id="documented-victims">5</strong>' in page
    # families: 3 rows, 3 victims, 2 on no other list
    assert '<td dir="auto">families</td><td>3</td><td>3</td><td>2</td>' in page
    assert '<td dir="auto">closed-list</td><td>1</td><td>1</td><td>0</td>' in page
    assert '<td dir="auto">closed-list + memorial</td><td>1</td>' in page
    assert '<img class="chart" src="/lists/overlaps.png"' in page


def test_an_analyst_sees_the_count_over_the_lists_they_may_read_only(
    client_as: Any, linked: None
) -> None:
    page = client_as("analyst").get("/lists/").content.decode()
    assert "closed-list" not in page and "Zeta" not in page
    assert '<strong id="documented-victims">5</strong>' in page
    assert '<td dir="auto">memorial</td><td>3</td><td>3</td><td>2</td>' in page
    assert "Counted over the lists you may read." in page


def test_the_overlaps_chart_is_a_png(client_as: Any, linked: None) -> None:
    response = client_as("analyst").get("/lists/overlaps.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


@pytest.mark.parametrize("url", ["/lists/", "/lists/overlaps.png", "/lists/review/"])
def test_viewers_and_the_anonymous_get_no_list(url: str, client_as: Any, linked: None) -> None:
    assert client_as("viewer").get(url).status_code == 403
    assert client_as(None).get(url).status_code == 302


def test_the_review_shows_pairs_nearest_the_threshold_first_side_by_side(
    client_as: Any, linked: None
) -> None:
    page = client_as("investigator").get("/lists/review/").content.decode()
    order = [
        page.index(f'id="pair-{pair(left, right).pk}"')
        for left, right in (
            ("closed-list:1", "memorial:3"),
            ("families:2", "memorial:2"),
            ("families:1", "memorial:2"),
        )
    ]
    assert order == sorted(order)
    assert f'id="pair-{pair("families:1", "memorial:1").pk}"' not in page  # 4.5 bits away
    assert f'id="pair-{pair("families:3", "memorial:3").pk}"' not in page
    # Both rows' original cells, side by side, differences marked, under the field's name.
    assert '<th>Given name</th><td dir="auto" class="differs">Hossein</td>' in page
    assert '<td dir="auto" class="differs">Hosein</td>' in page


@pytest.mark.parametrize("bits", ["5", "۵", "٥", "۵٫۰"])
def test_a_wider_band_shows_more_pairs(client_as: Any, linked: None, bits: str) -> None:
    # Typed in Persian or Arabic-Indic digits, in a text box a Persian keyboard can fill.
    page = client_as("investigator").get(f"/lists/review/?bits={bits}").content.decode()
    assert f'id="pair-{pair("families:1", "memorial:1").pk}"' in page
    assert 'name="bits" type="text" inputmode="decimal"' in page


def test_a_long_queue_comes_in_pages_of_readable_pairs(
    client_as: Any, linked: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khavaran.web.views import linkage as views

    monkeypatch.setattr(views, "PAGE", 2)
    nearest = ["closed-list:1", "families:2"]  # 0.17 and 0.30 bits, then 0.56
    first = client_as("investigator").get("/lists/review/").content.decode()
    assert "Pairs 1–2 of 3 in the band." in first and "Page 1 of 2" in first
    assert f'id="pair-{pair(nearest[0], "memorial:3").pk}"' in first
    assert f'id="pair-{pair(nearest[1], "memorial:2").pk}"' in first
    second = client_as("investigator").get("/lists/review/?page=2").content.decode()
    assert "Pairs 3–3 of 3 in the band." in second and 'rel="prev"' in second
    assert f'id="pair-{pair("families:1", "memorial:2").pk}"' in second
    # An analyst's queue holds only pairs of lists they may read, before it is cut in pages.
    analyst = client_as("analyst").get("/lists/review/").content.decode()
    assert "Pairs 1–2 of 2 in the band." in analyst and "Page 1 of" not in analyst
    assert "closed-list" not in analyst


@pytest.mark.parametrize("bits", ["abc", "nan", "-4", ""])
def test_a_band_that_is_not_a_number_or_negative_falls_back_or_narrows(
    client_as: Any, linked: None, bits: str
) -> None:
    response = client_as("investigator").get(f"/lists/review/?bits={bits}")
    assert response.status_code == 200
    page = response.content.decode()
    shown = f'id="pair-{pair("families:2", "memorial:2").pk}"' in page
    assert shown == (bits != "-4")  # a negative band is an empty one, not an error
    assert f'id="pair-{pair("families:1", "memorial:1").pk}"' not in page


def test_an_analyst_sees_readable_pairs_without_the_buttons(client_as: Any, linked: None) -> None:
    client = client_as("analyst")
    page = client.get("/lists/review/").content.decode()
    assert f'id="pair-{pair("families:2", "memorial:2").pk}"' in page
    assert "Zeta" not in page and "closed-list" not in page
    assert 'value="confirm"' not in page
    assert decide(client, pair("families:2", "memorial:2"), "confirm").status_code == 403
    assert LinkDecision.objects.count() == 0


def test_a_reviewer_confirms_a_pair_and_the_decision_is_stored(
    client_as: Any, linked: None
) -> None:
    target = pair("families:2", "memorial:2")
    response = decide(client_as("reviewer"), target, "confirm", "same father and birth year")
    assert response.status_code == 200
    decision = LinkDecision.objects.get()
    assert (decision.record_l_id, decision.record_r_id) == (target.record_l_id, target.record_r_id)
    assert (decision.decision, decision.decided_by) == ("confirm", "reza")
    assert decision.reason == "same father and birth year"
    # The decision takes the focus and is announced: htmx focuses [autofocus] once swapped in.
    assert 'data-decision="confirm" role="status" tabindex="-1" autofocus' in (
        response.content.decode()
    )


def test_a_split_replaces_an_earlier_confirm(client_as: Any, linked: None) -> None:
    target = pair("families:2", "memorial:2")
    client = client_as("investigator")
    decide(client, target, "confirm")
    decide(client, target, "split", "different cities")
    decision = LinkDecision.objects.get()
    assert (decision.decision, decision.reason) == ("split", "different cities")


def test_decided_pairs_leave_the_queue_and_survive_a_new_run(client_as: Any, linked: None) -> None:
    client = client_as("reviewer")
    target = pair("families:2", "memorial:2")
    decide(client, target, "split", "different fathers")
    record_run()  # a re-run scores the same pair again
    again = pair("families:2", "memorial:2")
    assert again.run_id != target.run_id
    queue = client.get("/lists/review/").content.decode()
    assert f'id="pair-{again.pk}"' not in queue
    assert "different fathers" in queue  # in the table of decisions
    shown = client.get("/lists/review/?decided=1").content.decode()
    assert f'id="pair-{again.pk}"' in shown
    assert 'data-decision="split"' in shown


def test_a_reviewer_cannot_decide_a_pair_on_a_confidential_list(
    client_as: Any, linked: None
) -> None:
    hidden = pair("closed-list:1", "memorial:3")
    assert decide(client_as("reviewer"), hidden, "split").status_code == 404
    assert decide(client_as("admin"), hidden, "split").status_code == 200


def test_a_decision_must_be_confirm_or_split(client_as: Any, linked: None) -> None:
    response = decide(client_as("reviewer"), pair("families:2", "memorial:2"), "merge")
    assert response.status_code == 400
    assert LinkDecision.objects.count() == 0


def test_a_plain_form_post_is_redirected_to_the_review(client_as: Any, linked: None) -> None:
    target = pair("families:2", "memorial:2")
    response = client_as("reviewer").post(
        f"/lists/pairs/{target.pk}/decide/", {"decision": "confirm"}
    )
    assert (response.status_code, response["Location"]) == (302, "/lists/review/")


def test_without_a_run_the_pages_say_how_to_make_one(client_as: Any, linked: None) -> None:
    LinkageRun.objects.all().delete()
    client = client_as("investigator")
    assert "No linkage run yet" in client.get("/lists/").content.decode()
    assert "No linkage run yet" in client.get("/lists/review/").content.decode()
    assert client.get("/lists/overlaps.png").status_code == 404


def test_a_date_cell_is_read_in_both_calendars_beside_what_the_list_wrote(
    client_as: Any, linked: None
) -> None:
    page = client_as("investigator").get("/lists/review/").content.decode()
    # The list wrote 1963; the reviewer also reads the Solar Hijri years it spans.
    assert "<th>Year of birth</th>" in page
    assert '1963<br><small class="date-read">1963 (1341–1342' in page


def test_a_persian_reviewer_reads_field_names_and_dates_in_persian(
    client_as: Any, linked: None
) -> None:
    client = client_as("investigator")
    client.post("/language/", {"language": "fa", "next": "/lists/review/"})
    page = client.get("/lists/review/").content.decode()
    assert "<th>نام کوچک</th>" in page
    assert "given_name" not in page
    assert '1963<br><small class="date-read">۱۳۴۱' in page


def test_the_lists_page_is_translated_to_persian(client_as: Any, linked: None) -> None:
    client = client_as("reviewer")
    client.post("/language/", {"language": "fa", "next": "/lists/"})
    assert "فهرست‌های قربانیان" in client.get("/lists/").content.decode()
    assert "بررسی پیوندها" in client.get("/lists/review/").content.decode()
