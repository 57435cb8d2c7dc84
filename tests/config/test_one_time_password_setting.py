"""KHAVARAN_ONE_TIME_PASSWORD_HOURS: how long a password an admin gave signs in, 72 hours unless
set; anything but a whole number above 0 stops the server and every command in one line."""

from __future__ import annotations

from typing import Any

import pytest

from tests.config.reloaded import settings_under

NAME = "KHAVARAN_ONE_TIME_PASSWORD_HOURS"


def test_a_one_time_password_signs_in_for_72_hours_unless_set(monkeypatch: Any) -> None:
    monkeypatch.delenv(NAME, raising=False)
    assert settings_under(monkeypatch).ONE_TIME_PASSWORD_HOURS == 72


def test_the_hours_are_read_from_the_environment(monkeypatch: Any) -> None:
    assert settings_under(monkeypatch, **{NAME: " 24 "}).ONE_TIME_PASSWORD_HOURS == 24


@pytest.mark.parametrize("value", ["0", "-1", "3.5", "three days", "72h"])
def test_anything_but_a_whole_number_above_0_is_refused_in_one_line(
    monkeypatch: Any, value: str
) -> None:
    with pytest.raises(SystemExit) as refused:
        settings_under(monkeypatch, **{NAME: value})
    assert str(refused.value) == f"{NAME} must be a whole number of hours above 0, not {value!r}"
