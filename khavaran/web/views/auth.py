"""Sign in (password, then a TOTP code when the user has a device), sign out, the language
switch, the TOTP setup page and the home page."""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from khavaran.accounts.actions import confirm_second_factor
from khavaran.web.permissions import ALL_ROLES, open_to_all, requires


class SignInForm(OTPAuthenticationForm):  # type: ignore[misc]
    """Password, plus the TOTP code for users who set up a second factor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["otp_device"].required = False
        self.fields["otp_token"].label = _("Code from your authenticator app")
        self.fields["otp_challenge"].required = False

    def clean_otp(self, user: Any) -> None:
        # The second factor is optional: only users who set one up are asked for a code.
        if user is not None and not user_has_device(user, confirmed=True):
            return
        super().clean_otp(user)

    def _chosen_device(self, user: Any) -> Any:
        # django-otp wants the device named in the form; a user here has one authenticator
        # (setting up a new one replaces it), so the form has no device field to fill.
        return super()._chosen_device(user) or (
            TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
        )


sign_in = open_to_all(
    auth_views.LoginView.as_view(
        template_name="khavaran/auth/login.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
)
sign_out = open_to_all(require_POST(auth_views.LogoutView.as_view()))
set_language = open_to_all(django_set_language)


@requires(ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    return redirect("sources")


def _qr_svg(uri: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@requires(ALL_ROLES)
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Add a TOTP device: shown as a QR code, confirmed by the first code the user types."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="authenticator", confirmed=False)
    error = ""
    if request.method == "POST":
        if device.verify_token(request.POST.get("token", "").strip()):
            confirm_second_factor(request.user, device)  # type: ignore[arg-type]
            otp_login(request, device)
            return render(request, "khavaran/auth/totp_done.html")
        error = _("That code is not right; try the current one.")
    context = {
        "qr_data": _qr_data_uri(device.config_url),
        "key": device.key,
        "error": error,
        "confirmed": TOTPDevice.objects.filter(user=request.user, confirmed=True).exists(),
    }
    return render(request, "khavaran/auth/totp_setup.html", context)


def _qr_data_uri(uri: str) -> str:
    import base64

    return "data:image/svg+xml;base64," + base64.b64encode(_qr_svg(uri).encode()).decode()
