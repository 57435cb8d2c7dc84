"""`khavaran user`: an admin sees who has access, changes a role, revokes and restores access,
resets a password or a second factor; each change is audited with its reason, and anything
else is refused in one line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from khavaran.accounts.models import User
from khavaran.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

MANAGE = "only an admin may manage accounts"
# Every account command but `add` (tests/cli/test_cli_roles.py), each on the account "vida".
COMMANDS = {
    "list": ("user", "list"),
    "set-role": ("user", "set-role", "vida", "analyst", "--reason", "new task"),
    "deactivate": ("user", "deactivate", "vida", "--reason", "laptop seized"),
    "activate": ("user", "activate", "vida", "--reason", "laptop returned"),
    "password": ("user", "password", "vida", "--reason", "forgotten"),
    "reset-totp": ("user", "reset-totp", "vida", "--reason", "phone lost"),
}
WRITES = [name for name in COMMANDS if name != "list"]


@pytest.fixture
def staff(account):
    """An admin (ada) and a viewer (vida)."""
    return account("ada", "admin"), account("vida", "viewer")


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("seq").last()


def test_user_list_shows_role_state_last_sign_in_in_utc_and_second_factor(khavaran, staff):
    User.objects.filter(username="ada").update(last_login=datetime(2025, 3, 1, 9, 30, tzinfo=UTC))
    TOTPDevice.objects.create(user=User.objects.get(username="ada"), name="phone", confirmed=True)
    User.objects.filter(username="vida").update(is_active=False)
    result = khavaran("user", "list")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "ada\tadmin\tactive\tlast sign-in 2025-03-01 09:30 UTC\tsecond factor",
        "vida\tviewer\tdeactivated\tnever signed in\tno second factor",
    ]


def test_user_list_says_which_accounts_still_hold_a_password_an_admin_gave(khavaran, staff):
    # Printed once on an admin's terminal and never replaced: it still signs in.
    issued = datetime.now(UTC) - timedelta(hours=1)
    User.objects.filter(username="vida").update(
        must_change_password=True, one_time_password_issued_at=issued
    )
    lines = khavaran("user", "list").output.splitlines()
    assert lines[1].endswith(
        f"\tone-time password not yet replaced (issued {issued:%Y-%m-%d %H:%M} UTC)"
    )
    assert "one-time" not in lines[0]


def test_user_list_says_which_one_time_passwords_expired_and_when_they_were_issued(khavaran, staff):
    # No longer signs in: the admin gives a new one with `user password`.
    User.objects.filter(username="vida").update(
        must_change_password=True,
        one_time_password_issued_at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
    )
    line = khavaran("user", "list").output.splitlines()[1]
    assert line.endswith("\tone-time password expired (issued 2025-03-01 09:30 UTC)")
    [vida] = [json.loads(row) for row in khavaran("user", "list", "--json").output.splitlines()][1:]
    assert (
        vida["one_time_password"],
        vida["one_time_password_issued_at"],
        vida["one_time_password_expired"],
    ) == (True, "2025-03-01T09:30:00Z", True)


def test_user_password_on_an_expired_one_time_password_issues_a_fresh_one(khavaran, staff):
    User.objects.filter(username="vida").update(
        must_change_password=True,
        one_time_password_issued_at=datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
    )
    assert khavaran("--as", "ada", *COMMANDS["password"]).exit_code == 0
    line = khavaran("user", "list").output.splitlines()[1]
    assert "\tone-time password not yet replaced (issued " in line
    assert not User.objects.get(username="vida").one_time_password_expired()


def works_until(name: str, hours: int = 72) -> str:
    issued = User.objects.get(username=name).one_time_password_issued_at
    until = issued.astimezone(UTC) + timedelta(hours=hours)
    return (
        f"one-time password works until {until:%Y-%m-%d %H:%M} UTC ({hours} hours); "
        f"{name} chooses their own at first sign-in"
    )


def test_user_password_says_until_when_the_one_time_password_works(khavaran, staff, settings):
    # The admin passes it on in time, or knows why it no longer signs in.
    settings.ONE_TIME_PASSWORD_HOURS = 5
    result = khavaran("--as", "ada", *COMMANDS["password"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == works_until("vida", hours=5)
    settings.ONE_TIME_PASSWORD_HOURS = 1
    result = khavaran("--as", "ada", *COMMANDS["password"])
    assert result.output.splitlines()[1].endswith(
        " UTC (1 hour); vida chooses their own at first sign-in"
    )


def test_user_add_says_until_when_the_one_time_password_works(khavaran, staff, tmp_path):
    added = khavaran("--as", "ada", "user", "add", "nima", "--role", "viewer")
    said, until, printed = added.output.splitlines()
    assert (said, until) == ("created viewer nima", works_until("nima"))
    # Still last, for whoever reads it off the end.
    assert printed.startswith("one-time password: ")
    (tmp_path / "p").write_text("a long enough passphrase 2026\n", encoding="utf-8")
    args = ("user", "add", "roya", "--role", "viewer", "--password-file", str(tmp_path / "p"))
    from_file = khavaran("--as", "ada", *args)
    assert from_file.output == f"created viewer roya\n{works_until('roya')}\n"


def test_the_demo_says_until_when_its_admins_one_time_password_works(settings):
    from khavaran.accounts.actions import create_user
    from khavaran.cli.demo import _admin_password_lasts

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_user(
        "admin", role="admin", password="a long enough passphrase 1988", actor="demo", one_time=True
    )
    assert _admin_password_lasts("admin") == works_until("admin")


def test_user_list_json_has_one_object_per_account_and_never_a_password(khavaran, staff):
    User.objects.filter(username="ada").update(last_login=datetime(2025, 3, 1, 9, 30, tzinfo=UTC))
    # A device being set up is no second factor until it is confirmed.
    TOTPDevice.objects.create(user=User.objects.get(username="vida"), confirmed=False)
    result = khavaran("--as", "ada", "user", "list", "--json")
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.output.splitlines()] == [
        {
            "name": "ada",
            "role": "admin",
            "active": True,
            "last_sign_in": "2025-03-01T09:30:00Z",
            "second_factor": False,
            "one_time_password": False,
            "one_time_password_issued_at": None,
            "one_time_password_expired": False,
        },
        {
            "name": "vida",
            "role": "viewer",
            "active": True,
            "last_sign_in": None,
            "second_factor": False,
            "one_time_password": False,
            "one_time_password_issued_at": None,
            "one_time_password_expired": False,
        },
    ]
    for hashed in User.objects.values_list("password", flat=True):
        assert hashed.split("$")[-1] not in result.output


def test_set_role_changes_the_role_and_audits_it_with_the_reason(khavaran, staff):
    result = khavaran("--as", "ada", "user", "set-role", "vida", "investigator", "--reason", "x")
    assert (result.exit_code, result.output) == (0, "vida is now investigator\n")
    vida = User.objects.get(username="vida")
    assert vida.role == "investigator"
    event = last_event()
    assert (event.actor, event.action, event.model, event.object_id, event.reason) == (
        "ada",
        "set_role",
        "accounts.User",
        str(vida.pk),
        "x",
    )
    assert account_fields(event.before) == {"username": "vida", "role": "viewer", "is_active": True}
    assert account_fields(event.after) == {
        "username": "vida",
        "role": "investigator",
        "is_active": True,
    }


def test_deactivate_revokes_access_at_once_and_activate_restores_it(khavaran, staff):
    result = khavaran("--as", "ada", *COMMANDS["deactivate"])
    assert (result.exit_code, result.output) == (0, "deactivated vida; ended 0 web sessions\n")
    assert not User.objects.get(username="vida").is_active
    assert (last_event().action, last_event().reason) == ("deactivate", "laptop seized")
    assert account_fields(last_event().after) == {
        "username": "vida",
        "role": "viewer",
        "is_active": False,
    }
    refused = khavaran("--as", "vida", "user", "list")
    assert refused.exit_code == 1 and "the account vida is deactivated" in refused.output

    result = khavaran("--as", "ada", *COMMANDS["activate"])
    assert (result.exit_code, result.output) == (0, "activated vida\n")
    assert User.objects.get(username="vida").is_active
    assert (last_event().action, last_event().after["is_active"]) == ("activate", True)


def test_password_generates_and_prints_a_one_time_password_without_logging_it(khavaran, staff):
    result = khavaran("--as", "ada", *COMMANDS["password"])
    assert result.exit_code == 0, result.output
    said, until, printed = result.output.splitlines()
    assert said == "changed the password of vida; ended 0 web sessions"
    assert until == works_until("vida")
    one_time = printed.removeprefix("one-time password: ")
    assert User.objects.get(username="vida").check_password(one_time)
    event = last_event()
    assert (event.action, event.reason) == ("set_password", "forgotten")
    assert account_fields(event.after) == {"username": "vida", "role": "viewer", "is_active": True}
    # The log holds a digest of the password hash, which changed, never the password or hash.
    assert event.before["password_sha256"] != event.after["password_sha256"]
    hashed = User.objects.get(username="vida").password
    assert one_time not in json.dumps([event.before, event.after, event.reason])
    assert hashed not in json.dumps([event.before, event.after])


def test_password_reads_the_new_one_from_a_file_and_checks_it_like_a_first_one(
    khavaran, staff, tmp_path
):
    (tmp_path / "short").write_text("too short\n", encoding="utf-8")
    (tmp_path / "good").write_text("a new and long passphrase\n", encoding="utf-8")
    base = ("--as", "ada", "user", "password", "vida", "--reason", "rotation")
    refused = khavaran(*base, "--password-file", str(tmp_path / "short"))
    assert (refused.exit_code, refused.output) == (
        1,
        "Error: the password must have at least 10 characters\n",
    )
    done = khavaran(*base, "--password-file", str(tmp_path / "good"))
    assert done.exit_code == 0, done.output
    assert done.output == (
        f"changed the password of vida; ended 0 web sessions\n{works_until('vida')}\n"
    )
    assert User.objects.get(username="vida").check_password("a new and long passphrase")


def test_reset_totp_removes_every_second_factor_device(khavaran, staff):
    vida = User.objects.get(username="vida")
    TOTPDevice.objects.create(user=vida, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=vida, name="authenticator", confirmed=False)
    result = khavaran("--as", "ada", *COMMANDS["reset-totp"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("removed 2 second-factor devices of vida;")
    assert not TOTPDevice.objects.filter(user=vida).exists()
    event = last_event()
    assert (event.action, event.reason) == ("reset_second_factor", "phone lost")
    # One was confirmed, a second factor; the other was never set up.
    assert (event.before["second_factor_devices"], event.after["second_factor_devices"]) == (1, 0)


def test_reset_totp_refuses_an_account_without_a_second_factor(khavaran, staff):
    result = khavaran("--as", "ada", *COMMANDS["reset-totp"])
    assert (result.exit_code, result.output) == (1, "Error: vida has no second factor to remove\n")


@pytest.mark.parametrize("command", WRITES)
def test_each_change_refuses_an_unknown_account_in_one_line(khavaran, staff, command):
    args = tuple("nobody" if a == "vida" else a for a in COMMANDS[command])
    before = AuditEvent.objects.count()
    result = khavaran("--as", "ada", *args)
    assert (result.exit_code, result.output) == (1, "Error: no account named 'nobody'\n")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("reason", ["", "   "])
@pytest.mark.parametrize("command", WRITES)
def test_each_change_refuses_an_empty_reason(khavaran, staff, command, reason):
    args = COMMANDS[command]
    args = (*args[: args.index("--reason")], "--reason", reason)
    before = (AuditEvent.objects.count(), User.objects.get(username="vida").password)
    result = khavaran("--as", "ada", *args)
    assert result.exit_code == 1
    assert result.output == (
        "Error: give a reason: every change to an account is kept in the audit log\n"
    )
    assert (AuditEvent.objects.count(), User.objects.get(username="vida").password) == before


@pytest.mark.parametrize("command", WRITES)
def test_each_change_needs_a_reason_option(khavaran, staff, command):
    args = COMMANDS[command]
    result = khavaran("--as", "ada", *args[: args.index("--reason")])
    assert result.exit_code == 2 and "Missing option '--reason'" in result.output


@pytest.mark.parametrize("role", ["investigator", "viewer"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_only_an_admin_may_list_or_change_accounts(khavaran, account, staff, command, role):
    actor = account("someone", role)
    vida = User.objects.get(username="vida")
    TOTPDevice.objects.create(user=vida, name="phone", confirmed=True)
    if command == "activate":
        User.objects.filter(pk=vida.pk).update(is_active=False)
    before = (AuditEvent.objects.count(), list(User.objects.order_by("pk").values()))
    result = khavaran("--as", actor, *COMMANDS[command])
    doing = "list the accounts" if command == "list" else "manage accounts"
    assert (result.exit_code, result.output) == (1, f"Error: only an admin may {doing}\n")
    assert (AuditEvent.objects.count(), list(User.objects.order_by("pk").values())) == before
    assert TOTPDevice.objects.filter(user=vida).exists()


def test_a_deactivated_admin_may_no_longer_manage_accounts(khavaran, account, staff):
    account("old", "admin")
    assert khavaran("--as", "ada", "user", "deactivate", "old", "--reason", "left").exit_code == 0
    result = khavaran("--as", "old", *COMMANDS["deactivate"])
    assert result.exit_code == 1
    assert "the account old is deactivated" in result.output
    assert User.objects.get(username="vida").is_active


def test_the_last_active_admin_can_be_neither_deactivated_nor_demoted(khavaran, staff):
    demote = khavaran("--as", "ada", "user", "set-role", "ada", "viewer", "--reason", "x")
    assert demote.exit_code == 1
    assert demote.output.startswith("Error: ada is the last active admin and cannot become")
    leave = khavaran("--as", "ada", "user", "deactivate", "ada", "--reason", "x")
    assert leave.exit_code == 1
    assert leave.output.startswith("Error: ada is the last active admin and cannot be")
    ada = User.objects.get(username="ada")
    assert (ada.role, ada.is_active) == ("admin", True)


def test_an_admin_may_step_down_once_another_admin_is_active(khavaran, staff):
    promote = ("--as", "ada", "user", "set-role", "vida", "admin", "--reason", "deputy")
    assert khavaran(*promote).exit_code == 0
    result = khavaran("--as", "ada", "user", "set-role", "ada", "viewer", "--reason", "leaving")
    assert result.exit_code == 0, result.output
    assert dict(User.objects.values_list("username", "role")) == {"ada": "viewer", "vida": "admin"}


def test_set_role_refuses_the_role_the_account_already_has(khavaran, staff):
    result = khavaran("--as", "ada", "user", "set-role", "vida", "viewer", "--reason", "x")
    assert (result.exit_code, result.output) == (1, "Error: vida is already a viewer\n")


def test_activate_and_deactivate_refuse_what_is_already_so(khavaran, staff):
    result = khavaran("--as", "ada", *COMMANDS["activate"])
    assert (result.exit_code, result.output) == (1, "Error: vida is already active\n")
    assert khavaran("--as", "ada", *COMMANDS["deactivate"]).exit_code == 0
    result = khavaran("--as", "ada", *COMMANDS["deactivate"])
    assert (result.exit_code, result.output) == (1, "Error: vida is already deactivated\n")


def test_verify_finds_every_account_as_the_audit_log_last_recorded_it(khavaran, staff):
    for command in ("set-role", "deactivate", "activate", "password"):
        assert khavaran("--as", "ada", *COMMANDS[command]).exit_code == 0
    result = khavaran("verify")
    assert result.exit_code == 0, result.output
    assert "all intact" in result.output


def account_fields(state: dict) -> dict:
    """The account fields of an audited state (it also holds digests for `verify`)."""
    return {key: state[key] for key in ("username", "role", "is_active")}
