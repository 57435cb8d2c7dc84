"""Sign-in: Argon2, throttling, session timeout, CSRF, the Content Security Policy, the public
site switch, and the Persian interface."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from khavaran.public_ids import public_id

pytestmark = pytest.mark.django_db


def test_it_signs_in_with_a_password_hashed_by_argon2(cast: dict[str, Any], password: str) -> None:
    assert cast["viewer"].password.startswith("argon2")
    response = Client().post("/login/", {"username": "vida", "password": password})
    assert response.status_code == 302


def test_it_asks_for_the_code_once_a_second_factor_is_set_up(
    cast: dict[str, Any], password: str
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=cast["viewer"], name="phone", confirmed=True)
    response = Client().post("/login/", {"username": "vida", "password": password})
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session


def test_it_locks_out_a_name_after_repeated_wrong_passwords(
    cast: dict[str, Any], password: str
) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/login/", {"username": "vida", "password": "wrong"})
    response = client.post("/login/", {"username": "vida", "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_it_signs_out_after_half_an_hour_idle(cast: dict[str, Any]) -> None:
    from django.contrib.sessions.models import Session

    assert settings.SESSION_COOKIE_AGE == 1800
    client = Client()
    client.force_login(cast["viewer"])
    session = Session.objects.get(pk=client.session.session_key)
    session.expire_date = timezone.now() - timedelta(seconds=1)
    session.save()
    client.get("/")
    assert "_auth_user_id" not in client.session


def test_requests_renew_the_session_at_most_once_a_minute(
    cast: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib.sessions.models import Session

    from khavaran.web import sessions

    client = Client()
    client.force_login(cast["viewer"])
    client.get("/")
    key = client.session.session_key
    renewed = Session.objects.get(pk=key).expire_date
    client.get("/")
    assert Session.objects.get(pk=key).expire_date == renewed
    later = time.time() + sessions.RENEW_EVERY_SECONDS + 1
    monkeypatch.setattr(sessions.time, "time", lambda: later)
    client.get("/")
    assert Session.objects.get(pk=key).expire_date > renewed


def test_it_refuses_a_form_without_its_csrf_token(cast: dict[str, Any]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["investigator"])
    assert client.post("/new/claim/", {}).status_code == 403


def test_it_sends_a_strict_content_security_policy(client_as: Any) -> None:
    policy = client_as("viewer").get("/sources/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_it_sends_the_anonymous_public_to_sign_in(client_as: Any) -> None:
    response = client_as(None).get("/sources/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_it_keeps_the_public_site_closed_until_an_admin_opens_it(client_as: Any) -> None:
    anonymous = client_as(None)
    assert anonymous.get("/public/").status_code == 404
    assert (
        client_as("investigator").post("/settings/", {"public_site_enabled": "on"}).status_code
        == 403
    )
    assert client_as("admin").post("/settings/", {"public_site_enabled": "on"}).status_code == 302
    assert anonymous.get("/public/").status_code == 200


def test_it_builds_the_public_site_from_public_data_only(
    client_as: Any, case: dict[str, Any]
) -> None:
    client_as("admin").post("/settings/", {"public_site_enabled": "on"})
    anonymous = client_as(None)
    assert (
        anonymous.get(f"/public/sources/{public_id('source', case['english'].pk)}/").status_code
        == 200
    )
    assert (
        anonymous.get(f"/public/sources/{public_id('source', case['testimony'].pk)}/").status_code
        == 404
    )
    found = anonymous.get("/public/search/", {"q": "Witness"}).content.decode()
    assert "Witness A" not in found


def test_it_switches_the_interface_to_persian_right_to_left(client_as: Any) -> None:
    client = client_as("viewer")
    client.post("/language/", {"language": "fa", "next": "/sources/"})
    page = client.get("/sources/").content.decode()
    assert '<html lang="fa" dir="rtl">' in page
    assert "منابع" in page  # "Sources"


def test_it_signs_in_with_the_code_from_the_authenticator_set_up(
    cast: dict[str, Any], password: str
) -> None:
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(cast["viewer"])
    client.get("/account/totp/")
    device = TOTPDevice.objects.get(user=cast["viewer"])
    assert (
        client.post("/account/totp/", {"token": f"{totp(device.bin_key):06d}"}).status_code == 200
    )
    device.refresh_from_db()
    assert device.confirmed
    from khavaran.audit.models import AuditEvent

    event = AuditEvent.objects.get(action="set_second_factor")
    assert (event.actor, event.after["second_factor_devices"]) == ("vida", 1)
    assert device.key not in str(event.after)
    fresh = Client()
    wrong = fresh.post("/login/", {"username": "vida", "password": password, "otp_token": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in fresh.session
    device.refresh_from_db()
    device.throttling_failure_count, device.throttling_failure_timestamp = 0, None
    device.save()
    code = f"{totp(device.bin_key, drift=1):06d}"  # the setup's own code may not be replayed
    signed_in = fresh.post("/login/", {"username": "vida", "password": password, "otp_token": code})
    assert signed_in.status_code == 302
    assert "_auth_user_id" in fresh.session
