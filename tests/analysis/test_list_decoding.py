"""How a list's bytes become text: UTF-16 without a byte-order mark in either byte order."""

from __future__ import annotations

import pytest

from khavaran.analysis.decoding import decode_list
from khavaran.analysis.models import ListRecord

PERSIAN = "نام,نام خانوادگی\nعلی,رضایی\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [PERSIAN, "Name,Surname\nAli,Rezaei\n"])
def test_utf16_without_a_mark_is_read_in_its_byte_order(text, encoding):
    decoded = decode_list(text.encode(encoding), "list.csv")
    assert (decoded.text, decoded.encoding) == (text, encoding)


@pytest.mark.django_db
def test_a_persian_utf16le_list_without_a_mark_is_imported(khavaran, tmp_path):
    (tmp_path / "u16le.csv").write_bytes(PERSIAN.encode("utf-16-le"))
    result = khavaran("lists", "import", str(tmp_path / "u16le.csv"), "--name", "u")
    assert result.exit_code == 0, result.output
    assert ListRecord.objects.get().original == {"نام": "علی", "نام خانوادگی": "رضایی"}
