"""The web app's own writes: switching the public site on or off, audited."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db import transaction

from khavaran.audit.chain import append
from khavaran.web.models import SiteSettings


def set_public_site(enabled: bool, *, actor: str) -> SiteSettings:
    with transaction.atomic():
        settings, _ = SiteSettings.objects.get_or_create(pk=1)
        before = {"public_site_enabled": settings.public_site_enabled}
        settings.public_site_enabled = enabled
        settings.changed_by = actor
        settings.changed_at = datetime.now(UTC)
        settings.save()
        append(
            actor=actor,
            action="update",
            model="web.SiteSettings",
            object_id=1,
            before=before,
            after={"public_site_enabled": enabled},
            reason="public site switched " + ("on" if enabled else "off"),
        )
    return settings
