"""`khavaran ingest`: every original kept and hashed; bad files get one clear line and leave
no trace."""

from __future__ import annotations

import io
import json

import pytest

from khavaran.audit.models import AuditEvent
from khavaran.evidence.actions import get_store
from khavaran.evidence.models import CustodyEvent, Source

pytestmark = pytest.mark.django_db


def nothing_stored() -> bool:
    return not Source.objects.exists() and list(get_store().all_hashes()) == []


def test_it_ingests_files_and_folders_with_a_custody_event(khavaran, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("The commission met in August 1988.", encoding="utf-8")
    (folder / "sub" / "b.md").write_text(
        "# Note\n\nگزارش کشتار زندانیان سیاسی در سال ۱۳۶۷ در زندان اوین", encoding="utf-8"
    )
    result = khavaran(
        "ingest",
        str(folder),
        "--confidentiality",
        "public",
        "--origin",
        "https://example.org/report",
        env={"KHAVARAN_USER": "maryam"},
    )
    assert result.exit_code == 0, result.output
    assert "2 ingested, 0 duplicate, 0 failed" in result.output
    assert Source.objects.count() == 2
    fa = Source.objects.get(original_filename="b.md")
    assert fa.language == "fa" and fa.confidentiality == "public"
    event = CustodyEvent.objects.get(source=fa)
    assert (event.action, event.actor, event.origin) == (
        "collected",
        "maryam",
        "https://example.org/report",
    )
    assert event.sha256_seen == fa.sha256 and event.tool_version.startswith("khavaran ")


def test_the_same_bytes_twice_are_one_source_with_two_custody_events(khavaran, tmp_path):
    (tmp_path / "a.txt").write_text("same words", encoding="utf-8")
    (tmp_path / "copy.txt").write_text("same words", encoding="utf-8")
    result = khavaran("ingest", str(tmp_path / "a.txt"), str(tmp_path / "copy.txt"))
    assert result.exit_code == 0
    assert "1 ingested, 1 duplicate" in result.output
    assert "already present as source" in result.output
    source = Source.objects.get()
    assert source.custody.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("bad-utf8.txt", b"caf\xc3\x28 \xff\xfe\xfa" * 3 + b"\x81\x8d\x8f\x90" * 4, "byte"),
        ("truncated.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "PDF"),
    ],
)
def test_a_bad_file_gets_one_clear_line_and_leaves_nothing(
    khavaran, tmp_path, name, content, message
):
    (tmp_path / name).write_bytes(content)
    result = khavaran("ingest", str(tmp_path / name))
    assert result.exit_code == 1
    row = next(line for line in result.output.splitlines() if "failed" in line)
    assert message.lower() in result.output.lower(), result.output
    assert "Traceback" not in result.output and row
    assert nothing_stored()
    assert not AuditEvent.objects.exists()


def test_a_failed_file_does_not_stop_the_others(khavaran, tmp_path):
    (tmp_path / "good.txt").write_text("fine", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    result = khavaran(
        "ingest",
        str(tmp_path / "empty.txt"),
        str(tmp_path / "good.txt"),
        str(tmp_path / "missing.txt"),
    )
    assert result.exit_code == 1
    assert "1 ingested, 0 duplicate, 2 failed" in result.output
    assert "no such file" in result.output
    assert Source.objects.count() == 1


def test_a_file_over_the_size_cap_is_refused_before_reading(khavaran, tmp_path, settings):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as f:  # sparse: 2 GB on paper, nothing on disk
        f.truncate(2 * 1024**3)
    settings.MAX_FILE_BYTES = 1024**3
    result = khavaran("ingest", str(huge))
    assert result.exit_code == 1
    assert "limit" in result.output and "KHAVARAN_MAX_FILE_BYTES" in result.output
    assert nothing_stored()


def test_a_folder_with_no_files_is_reported(khavaran, tmp_path):
    (tmp_path / "empty-folder").mkdir()
    result = khavaran("ingest", str(tmp_path / "empty-folder"))
    assert result.exit_code == 1
    assert "no files" in result.output


def test_a_pdf_without_text_is_stored_and_flagged_for_ocr(khavaran, tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    pdf.output(str(tmp_path / "scan.pdf"))
    result = khavaran("ingest", str(tmp_path / "scan.pdf"))
    assert result.exit_code == 0, result.output
    assert "needs OCR" in result.output
    assert Source.objects.get().needs_ocr


def test_sources_lists_what_is_stored_as_json(khavaran, tmp_path):
    (tmp_path / "a.txt").write_text("a report", encoding="utf-8")
    khavaran("ingest", str(tmp_path / "a.txt"))
    result = khavaran("sources", "--json")
    row = json.loads(result.output.splitlines()[0])
    assert set(row) >= {
        "id",
        "title",
        "kind",
        "media_type",
        "sha256",
        "language",
        "confidentiality",
    }
    assert row["confidentiality"] == "restricted"


def test_no_stray_temp_files_remain(khavaran, tmp_path, django_capture_on_commit_callbacks):
    (tmp_path / "a.txt").write_text("a report", encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        khavaran("ingest", str(tmp_path / "a.txt"))
    store = get_store()
    assert list(store.tmp.iterdir()) == [] and list(store.pending.iterdir()) == []


def test_a_level_asked_for_again_raises_a_stored_file_and_the_default_does_not(khavaran, tmp_path):
    path = tmp_path / "w.txt"
    path.write_text("Witness Z named the guard Hamid.", encoding="utf-8")
    assert khavaran("ingest", str(path), "--confidentiality", "public").exit_code == 0
    again = khavaran("ingest", str(path))  # the default level, restricted, not asked for
    assert again.exit_code == 0 and Source.objects.get().confidentiality == "public"
    raised = khavaran("ingest", str(path), "--confidentiality", "confidential")
    assert raised.exit_code == 0 and "raised" in raised.output
    assert Source.objects.get().confidentiality == "confidential"


def test_the_audit_log_names_who_ran_the_ingest_and_custody_who_collected_the_file(
    khavaran, tmp_path
):
    (tmp_path / "plant.txt").write_text("Planted evidence? No: a witness list.", encoding="utf-8")
    result = khavaran(
        "ingest", str(tmp_path / "plant.txt"), "--collected-by", "admin1",
        env={"KHAVARAN_USER": "inv1"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    source = Source.objects.get()
    created = AuditEvent.objects.get(model="evidence.Source", action="create")
    custody_audit = AuditEvent.objects.get(action="custody:collected")
    assert (created.actor, custody_audit.actor) == ("inv1", "inv1")
    event = source.custody.get()
    assert (event.actor, event.method) == ("admin1", "khavaran ingest")
    assert custody_audit.after["actor"] == "admin1"


def test_a_collector_who_ran_the_ingest_is_not_named_twice(khavaran, tmp_path):
    (tmp_path / "a.txt").write_text("A report.", encoding="utf-8")
    result = khavaran(
        "ingest", str(tmp_path / "a.txt"), "--collected-by", "maryam",
        env={"KHAVARAN_USER": "maryam"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    event = CustodyEvent.objects.get()
    assert (event.actor, event.method) == ("maryam", "khavaran ingest")


def test_an_ingest_again_records_who_collected_it_and_the_name_it_arrived_under(khavaran, tmp_path):
    (tmp_path / "a.txt").write_text("same words", encoding="utf-8")
    (tmp_path / "from-donor.txt").write_text("same words", encoding="utf-8")
    khavaran("ingest", str(tmp_path / "a.txt"), env={"KHAVARAN_USER": "inv1"})
    result = khavaran(
        "ingest", str(tmp_path / "from-donor.txt"), "--collected-by", "Maryam",
        env={"KHAVARAN_USER": "inv2"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    first, again = Source.objects.get().custody.order_by("pk")
    assert (first.actor, first.note) == ("inv1", "")
    assert (again.actor, again.method) == ("Maryam", "khavaran ingest")
    assert again.note == "same bytes ingested again as from-donor.txt"
    audited = AuditEvent.objects.filter(action="custody:collected").order_by("seq").last()
    assert audited.actor == "inv2" and "from-donor.txt" in audited.after["note"]


def test_a_collectors_name_too_long_for_the_custody_chain_is_refused(khavaran, tmp_path):
    (tmp_path / "a.txt").write_text("A report.", encoding="utf-8")
    result = khavaran("ingest", str(tmp_path / "a.txt"), "--collected-by", "x" * 151)
    assert result.exit_code == 1
    assert result.output == "Error: --collected-by: a name of at most 150 characters, please\n"
    assert nothing_stored()


def killed_ingest(content: bytes) -> str:
    """Leave the store as an ingest killed before its row committed leaves it; returns the hash."""
    store = get_store()
    stored = store.put(io.BytesIO(content), max_bytes=1000)
    stored.intent.rename(store.pending / f"{stored.sha256}.{2**22 + 4242}")
    return stored.sha256


def test_the_next_command_after_a_killed_ingest_says_what_it_rolled_back(khavaran):
    sha = killed_ingest(b"half-ingested testimony")
    result = khavaran("sources", "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"rolled back an interrupted ingest: removed unrecorded original {sha}"
    ]
    assert result.stdout == "" and list(get_store().all_hashes()) == []
    assert "rolled back" not in khavaran("sources").stderr


def test_verify_says_once_what_it_rolled_back(khavaran):
    sha = killed_ingest(b"half-ingested testimony")
    result = khavaran("verify")
    assert result.exit_code == 0, result.output
    assert result.output.count(f"removed unrecorded original {sha}") == 1
    assert "all intact" in result.stdout
