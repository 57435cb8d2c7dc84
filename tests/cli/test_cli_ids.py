"""An id no database can hold is refused in one line, naming the option, never a traceback."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "args",
    [
        ("review", "--accept", HUGE),
        ("review", "--reject", f"1,{HUGE}"),
        ("review", HUGE),
        ("extract", HUGE),
        ("link", "review", "--confirm", HUGE),
        ("link", "review", "--split", HUGE),
    ],
)
def test_an_id_beyond_the_database_is_refused_in_one_line(khavaran, args):
    result = khavaran(*args)
    assert result.exit_code == 2, result.output
    assert "9223372036854775807" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_proposal_id_that_is_no_number_is_refused(khavaran):
    result = khavaran("review", "--accept", "1,x")
    assert result.exit_code == 2 and "proposal ids are whole numbers" in result.output
