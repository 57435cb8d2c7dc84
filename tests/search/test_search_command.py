"""`khavaran search`: one line per hit, naming its source only where it has one."""

from __future__ import annotations

import pytest

from khavaran.evidence.access import untitled_title
from khavaran.search.engine import search
from tests.factories import make_excerpt, make_person, make_source

pytestmark = pytest.mark.django_db


def test_a_name_hit_names_no_source_and_an_excerpt_hit_names_its_own(khavaran, tmp_path):
    source = make_source(tmp_path, "Ebrahim Raisi was the deputy prosecutor of Tehran.")
    excerpt = make_excerpt(source, "Ebrahim Raisi was the deputy prosecutor")
    name = make_person(excerpt, "Ebrahim Raisi").names.get()
    result = khavaran("search", "Raisi")
    assert result.exit_code == 0, result.output
    assert "None" not in result.output
    (name_line,) = [
        line for line in result.output.splitlines() if line.startswith(f"name {name.pk}")
    ]
    assert "source" not in name_line
    (excerpt_line,) = [
        line for line in result.output.splitlines() if line.startswith(f"excerpt {excerpt.pk}")
    ]
    assert f"(source {source.pk}, " in excerpt_line


@pytest.mark.parametrize("limit", ["0", "-1"])
def test_a_limit_below_one_is_refused(khavaran, tmp_path, limit):
    make_source(tmp_path, "Ebrahim Raisi was the deputy prosecutor of Tehran.")
    result = khavaran("search", "Raisi", "--limit", limit)
    assert result.exit_code == 2
    assert f"--limit: {limit} is not a number of results; give 1 or more" in result.output


def test_the_engine_refuses_a_limit_below_one(data_dir):
    with pytest.raises(ValueError, match="at least 1"):
        search("Raisi", levels=("public",), limit=-1)


def test_a_viewer_neither_reads_nor_finds_a_title_taken_from_a_file(tmp_path, khavaran, account):
    from tests.factories import make_source

    source = make_source(tmp_path, TEXT_OF_WITNESS, name="witness-Maryam-Ahmadi.txt")
    viewer = account("vida", "viewer")
    found = khavaran("--as", viewer, "search", "Gohardasht", "--json")
    assert found.exit_code == 0, found.output
    assert (
        f'"title": "{untitled_title(source.pk)}"' in found.output and "Maryam" not in found.output
    )
    guessed = khavaran("--as", viewer, "search", "Ahmadi")
    assert "no results" in guessed.output
    assert "witness-Maryam-Ahmadi" in khavaran("search", "Ahmadi").output  # the operator


TEXT_OF_WITNESS = "Statement about Gohardasht in August 1988."


def test_a_reader_below_every_level_gets_no_scores(tmp_path, khavaran, account):
    # bm25 weighs a word by the documents that hold it, confidential ones too: a score that
    # drops when a hidden file mentions the word would tell a viewer it is there.
    make_source(tmp_path, "A public note about the Quokka marker.", name="public.txt")
    viewer = account("vida", "viewer")
    listed = khavaran("--as", viewer, "search", "Quokka", "--json")
    assert '"score": null' in listed.output
    assert "(source" in khavaran("--as", viewer, "search", "Quokka").output
    assert '"score": null' not in khavaran("search", "Quokka", "--json").output
