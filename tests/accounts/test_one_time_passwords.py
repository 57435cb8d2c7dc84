"""A password an admin gives on the command line (`user add`, `user password`, generated or
from a file) is one-time: the account must choose its own at first sign-in. The flag is part
of the account's audited state, so `verify` stays all intact through every change."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from django.test import Client

from khavaran.accounts.actions import change_own_password, create_user
from khavaran.accounts.models import User
from khavaran.cli.main import cli
from tests.accounts.wiring import wire

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 1988"


@pytest.fixture(autouse=True)
def admin(settings, data_dir) -> None:
    wire(settings)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_user("ada", role="admin", password=PASSWORD, actor="test")


def khavaran(data_dir: Path, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), *args])


def first_page_after_signing_in(name: str, password: str) -> str:
    client = Client()
    assert client.post("/login/", {"username": name, "password": password}).status_code == 302
    response = client.get("/sources/")
    return response["Location"] if response.status_code == 302 else "/sources/"


def test_user_add_gives_a_one_time_password(data_dir: Path) -> None:
    result = khavaran(data_dir, "--as", "ada", "user", "add", "vida", "--role", "viewer")
    assert result.exit_code == 0, result.output
    one_time = result.output.splitlines()[-1].removeprefix("one-time password: ")
    assert User.objects.get(username="vida").must_change_password
    assert first_page_after_signing_in("vida", one_time).startswith("/account/password/")


def test_a_password_from_a_file_is_one_time_too(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "p").write_text("the admin chose this one\n", encoding="utf-8")
    args = ("user", "add", "vida", "--role", "viewer", "--password-file", str(tmp_path / "p"))
    assert khavaran(data_dir, "--as", "ada", *args).exit_code == 0
    page = first_page_after_signing_in("vida", "the admin chose this one")
    assert page.startswith("/account/password/")


def test_user_password_makes_the_password_one_time_again(data_dir: Path) -> None:
    create_user("vida", role="viewer", password=PASSWORD, actor="ada")
    assert first_page_after_signing_in("vida", PASSWORD) == "/sources/"
    result = khavaran(data_dir, "--as", "ada", "user", "password", "vida", "--reason", "forgot")
    one_time = result.output.splitlines()[-1].removeprefix("one-time password: ")
    assert first_page_after_signing_in("vida", one_time).startswith("/account/password/")


def test_verify_stays_all_intact_through_one_time_passwords_changes_and_unlocks(
    data_dir: Path,
) -> None:
    added = khavaran(data_dir, "--as", "ada", "user", "add", "vida", "--role", "viewer")
    one_time = added.output.splitlines()[-1].removeprefix("one-time password: ")
    change_own_password(User.objects.get(username="vida"), one_time, "vida's own passphrase")
    reset = khavaran(data_dir, "--as", "ada", "user", "password", "vida", "--reason", "forgot")
    assert reset.exit_code == 0, reset.output
    Client().post("/login/", {"username": "vida", "password": "a wrong guess"})
    unlocked = khavaran(data_dir, "--as", "ada", "user", "unlock", "vida", "--reason", "called")
    assert unlocked.exit_code == 0, unlocked.output
    result = khavaran(data_dir, "verify")
    assert result.exit_code == 0, result.output
    assert "all intact" in result.output


def test_verify_finds_a_one_time_flag_cleared_behind_the_log(data_dir: Path) -> None:
    create_user("vida", role="viewer", password=PASSWORD, actor="ada", one_time=True)
    User.objects.filter(username="vida").update(must_change_password=False)
    result = khavaran(data_dir, "verify")
    assert result.exit_code != 0
    assert "must_change_password differs from what the audit log last recorded" in result.output
