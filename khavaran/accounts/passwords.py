"""What a password must be, wherever one is set: `user add`, `user password` and the web's
change-password page.

Django's validators make the rules; each refusal is said as one line naming the rule, in the
reader's language (the command line speaks English). An admin reads every confidential record,
so an admin's password must be longer.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import (
    MinimumLengthValidator,
    get_password_validators,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_LENGTH = 10
ADMIN_MIN_LENGTH = 12

# settings.AUTH_PASSWORD_VALIDATORS = PASSWORD_VALIDATORS; `check_password_rules` names them
# itself, so the rules hold whatever the settings say.
PASSWORD_VALIDATORS: list[dict[str, Any]] = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "khavaran.accounts.passwords.RoleMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


class RoleMinimumLengthValidator(MinimumLengthValidator):
    """At least MIN_LENGTH characters, ADMIN_MIN_LENGTH for an admin."""

    def __init__(self, min_length: int = MIN_LENGTH) -> None:
        super().__init__(min_length)

    def validate(self, password: str, user: Any = None) -> None:
        wanted = ADMIN_MIN_LENGTH if getattr(user, "role", None) == "admin" else self.min_length
        if len(password) < wanted:
            raise ValidationError(
                "too short", code="password_too_short", params={"min_length": wanted}
            )


def check_password_rules(password: str, user: Any) -> None:
    """Refuse a password that breaks a rule, with one line naming each rule broken.

    Args:
        password: the password as typed.
        user: the account it is for (unsaved while it is being created): its name and role.

    Raises:
        ValidationError: one message per rule broken, in the active language.

    Example:
        >>> check_password_rules("1234567890", User(username="vida", role="viewer"))
        Traceback (most recent call last):
        ValidationError: ['the password is on the list of common passwords', ...]
    """
    validators = get_password_validators(PASSWORD_VALIDATORS)
    try:
        validate_password(password, user, password_validators=validators)
    except ValidationError as error:
        raise ValidationError([_said(problem, user) for problem in error.error_list]) from None


def _said(problem: ValidationError, user: Any) -> str:
    params = problem.params or {}
    if problem.code == "password_too_short":
        if getattr(user, "role", None) == "admin":
            return _("an admin's password must have at least %(n)d characters") % {
                "n": params["min_length"]
            }
        return _("the password must have at least %(n)d characters") % {"n": params["min_length"]}
    if problem.code == "password_too_similar":
        return _("the password is too similar to the account's %(field)s") % {
            "field": params.get("verbose_name", _("name"))
        }
    if problem.code == "password_too_common":
        return _("the password is on the list of common passwords")
    if problem.code == "password_entirely_numeric":
        return _("the password is all digits")
    return " ".join(problem.messages)
