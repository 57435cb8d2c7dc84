"""A user has exactly one role; the role decides what they may read and do."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from khavaran.vocabulary import ROLE_CLEARANCE, Role, levels_up_to


class User(AbstractUser):
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)

    @property
    def clearance(self) -> str:
        return ROLE_CLEARANCE[self.role]

    def may_read(self, confidentiality: str) -> bool:
        return confidentiality in levels_up_to(self.clearance)

    @property
    def can_edit(self) -> bool:
        return self.role in {Role.ADMIN, Role.INVESTIGATOR}

    @property
    def can_review(self) -> bool:
        return self.role in {Role.ADMIN, Role.REVIEWER, Role.INVESTIGATOR}
