"""The password rules, wherever a password is set (`user add`, `user password`, the actions
under them): Django's validators, an admin's password longer than others', each refusal one
line naming the rule, and nothing written when one is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from khavaran.accounts.actions import UserError, create_user, set_password
from khavaran.accounts.models import User
from khavaran.audit.models import AuditEvent
from khavaran.cli.main import cli
from tests.accounts.wiring import wire

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 1988"


@pytest.fixture(autouse=True)
def staff(settings, data_dir) -> None:
    """An admin (ada) and a viewer (vida)."""
    wire(settings)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_user("ada", role="admin", password=PASSWORD, actor="test")
    create_user("vida", role="viewer", password=PASSWORD, actor="test")


def khavaran(data_dir: Path, *args: str):
    return CliRunner().invoke(cli, ["--data-dir", str(data_dir), "--as", "ada", *args])


def secret(tmp_path: Path, password: str) -> str:
    path = tmp_path / "password.txt"
    path.write_text(password + "\n", encoding="utf-8")
    return str(path)


REFUSED = [
    # (name, role, password, the one line that refuses it)
    (
        "omid",
        "viewer",
        "1234567890",
        "the password is on the list of common passwords; the password is all digits",
    ),
    (
        "omid",
        "admin",
        "qwertyuiop",
        "an admin's password must have at least 12 characters; "
        "the password is on the list of common passwords",
    ),
    (
        "maryam.karimi",
        "investigator",
        "maryam.karimi",
        "the password is too similar to the account's username",
    ),
    ("omid", "admin", "eleven char", "an admin's password must have at least 12 characters"),
    ("omid", "viewer", "nine char", "the password must have at least 10 characters"),
]


@pytest.mark.parametrize(("name", "role", "password", "refusal"), REFUSED)
def test_user_add_refuses_a_weak_password_in_one_line_naming_the_rule(
    data_dir, tmp_path, name, role, password, refusal
) -> None:
    events = AuditEvent.objects.count()
    result = khavaran(
        data_dir, "user", "add", name, "--role", role, "--password-file", secret(tmp_path, password)
    )
    assert (result.exit_code, result.output) == (1, f"Error: {refusal}\n")
    assert not User.objects.filter(username=name).exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("name", "password", "refusal"),
    [
        ("vida", "1234567890", "the password is on the list of common passwords"),
        ("maryam.karimi", "Maryam.Karimi", "the password is too similar to the account's username"),
    ],
)
def test_user_password_refuses_a_weak_password_and_keeps_the_old_one(
    data_dir, tmp_path, name, password, refusal
) -> None:
    if name != "vida":
        create_user(name, role="viewer", password=PASSWORD, actor="ada")
    args = ("user", "password", name, "--reason", "forgotten")
    result = khavaran(data_dir, *args, "--password-file", secret(tmp_path, password))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {refusal}") and result.output.count("\n") == 1
    assert User.objects.get(username=name).check_password(PASSWORD)


def test_an_admin_needs_twelve_characters_where_others_need_ten() -> None:
    create_user("omid", role="viewer", password="eleven char", actor="ada")
    with pytest.raises(UserError, match=r"^an admin's password must have at least 12 characters$"):
        create_user("arash", role="admin", password="eleven char", actor="ada")
    with pytest.raises(UserError, match="at least 12 characters"):
        set_password("ada", "eleven char", actor="ada", reason="rotation")
    assert create_user("arash", role="admin", password="twelve chars", actor="ada").is_staff


def test_the_rules_hold_whatever_the_settings_say(settings) -> None:
    settings.AUTH_PASSWORD_VALIDATORS = []
    with pytest.raises(UserError, match="the password is on the list of common passwords"):
        create_user("omid", role="viewer", password="qwertyuiop", actor="ada")


def test_the_generated_password_keeps_the_rules_of_an_admin(data_dir) -> None:
    result = khavaran(data_dir, "user", "add", "arash", "--role", "admin")
    assert result.exit_code == 0, result.output
    one_time = result.output.splitlines()[-1].removeprefix("one-time password: ")
    assert len(one_time) >= 12
    assert User.objects.get(username="arash").check_password(one_time)
