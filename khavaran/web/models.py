"""Settings an admin changes from the web: for now, whether the public site is open."""

from __future__ import annotations

from django.db import models


class SiteSettings(models.Model):
    """One row (pk 1); absent means the defaults: the public site is closed."""

    public_site_enabled = models.BooleanField(default=False)
    changed_by = models.CharField(max_length=150, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"public site {'on' if self.public_site_enabled else 'off'}"


def public_site_enabled() -> bool:
    return SiteSettings.objects.filter(pk=1, public_site_enabled=True).exists()
