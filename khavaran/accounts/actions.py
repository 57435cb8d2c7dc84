"""Creating accounts, audited like every other change."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction

from khavaran.accounts.models import User
from khavaran.audit.chain import append


class UserError(ValueError):
    """The account cannot be created as asked."""


def create_user(name: str, *, role: str, password: str, actor: str) -> User:
    if not name.strip() or len(name) > 150:
        raise UserError("an account needs a name of 1 to 150 characters")
    try:
        UnicodeUsernameValidator()(name)
    except ValidationError:
        raise UserError(
            f"{name!r} cannot be an account name: use letters, digits and @ . + - _ only"
        ) from None
    if User.objects.filter(username=name).exists():
        raise UserError(f"a user named {name!r} already exists")
    if len(password) < 10:
        raise UserError("the password must have at least 10 characters")
    try:
        validate_password(password)
    except ValidationError as error:
        raise UserError(" ".join(error.messages)) from None
    with transaction.atomic():
        user = User.objects.create_user(
            name, password=password, role=role, is_staff=role == "admin"
        )
        append(
            actor=actor,
            action="create",
            model="accounts.User",
            object_id=user.pk,
            after={"username": name, "role": role},
        )
    return user
