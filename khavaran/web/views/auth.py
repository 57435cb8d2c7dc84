"""Sign in (password, then a TOTP code when the user has a device), sign out, the language
switch, changing one's password (and choosing one in place of a one-time password), the TOTP
setup page and the home page."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.forms import OTPAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice

from khavaran.accounts.actions import (
    OneTimePasswordExpired,
    UserError,
    change_own_password,
    confirm_second_factor,
)
from khavaran.accounts.passwords import ADMIN_MIN_LENGTH, MIN_LENGTH
from khavaran.web.permissions import ALL_ROLES, open_to_all, requires
from khavaran.web.rendering import reader_digits
from khavaran.web.sessions import (
    ENDED_ON_SEND,
    ENDED_ON_VIEW,
    account_mark,
    renew,
    seconds_left,
    sign_out_expired_one_time,
)
from khavaran.web.signin import forget_old_sign_ins, seconds_to_wait


class SignInForm(OTPAuthenticationForm):  # type: ignore[misc]
    """Password, plus the TOTP code for users who set up a second factor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slowed = False
        self.fields["otp_device"].required = False
        self.fields["otp_token"].label = _("Code from your authenticator app")
        self.fields["otp_challenge"].required = False

    def clean(self) -> dict[str, Any]:
        # Before the password is checked: a name guessed from many addresses waits its turn.
        wait = seconds_to_wait(self.request, self.data.get("username", ""))
        if wait:
            self.slowed = True
            raise ValidationError(
                _(
                    "Too many wrong passwords for this account from several places: wait "
                    "%(seconds)s seconds and try again."
                )
                % {"seconds": reader_digits(str(wait))},
                code="slowed",
            )
        cleaned: dict[str, Any] = super().clean()
        return cleaned

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


class SignInView(auth_views.LoginView):
    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context["ended"] = _session_ended(self.request.GET.get("expired", ""))
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)
        forget_old_sign_ins()
        return response

    def form_invalid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)
        if getattr(form, "slowed", False):
            response.status_code = 429
        return response


sign_in = open_to_all(
    SignInView.as_view(
        template_name="khavaran/auth/login.html",
        authentication_form=SignInForm,
        redirect_authenticated_user=True,
    )
)
sign_out = open_to_all(require_POST(auth_views.LogoutView.as_view()))
set_language = open_to_all(django_set_language)


def _session_ended(expired: str) -> str:
    """Why the reader is asked to sign in again, when their session ended (`sessions`)."""
    minutes = reader_digits(str(settings.SESSION_COOKIE_AGE // 60))
    if expired == ENDED_ON_SEND:
        return _(
            "Your session ended (after %(minutes)s minutes without activity, or a sign-out "
            "elsewhere), so what you sent was not saved. Sign in, then enter it and send it "
            "again."
        ) % {"minutes": minutes}
    if expired == ENDED_ON_VIEW:
        return _(
            "Your session ended (after %(minutes)s minutes without activity, or a sign-out "
            "elsewhere). Sign in again to go on."
        ) % {"minutes": minutes}
    return ""


@requires(ALL_ROLES)
@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """Keep the session: the page's warning before it ends offers this (`khavaran.js`).
    Answers the seconds the session now has, and whose it is (`account_mark`): a page made
    for another account sends nothing it held."""
    renew(request)
    account = account_mark(request.user)
    return JsonResponse({"seconds_left": seconds_left(request), "account": account})


@requires(ALL_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    return redirect("sources")


class PasswordChangeForm(forms.Form):
    current = forms.CharField(
        label=gettext_lazy("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new = forms.CharField(
        label=gettext_lazy("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    again = forms.CharField(
        label=gettext_lazy("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("new") and cleaned.get("new") != cleaned.get("again"):
            self.add_error("again", _("the two new passwords differ"))
        return cleaned


@requires(ALL_ROLES)
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's password; the only workspace page open while the password is a one-time
    one (see `sessions.OneTimePasswordMiddleware`, which signs out a session whose one-time
    password expired before it reached this view). Other sessions of the user end."""
    user: Any = request.user
    form = PasswordChangeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            ended = change_own_password(
                user,
                form.cleaned_data["current"],
                form.cleaned_data["new"],
                keep_session=request.session.session_key,
            )
        except OneTimePasswordExpired:
            # It expired between the middleware's check and the write.
            return sign_out_expired_one_time(request)
        except UserError as error:
            form.add_error(None, str(error))
        else:
            update_session_auth_hash(request, user)
            messages.success(request, _changed(ended))
            return redirect(_next_page(request))
    context = {
        "form": form,
        "one_time": user.must_change_password,
        "next": _next_page(request),
        "minimum": MIN_LENGTH,
        "admin_minimum": ADMIN_MIN_LENGTH,
    }
    return render(request, "khavaran/account/password.html", context)


password_change.khavaran_while_one_time = True  # type: ignore[attr-defined]


def _changed(ended: int) -> str:
    if not ended:
        return _("Your password is changed.")
    return _("Your password is changed; your other sessions are signed out.")


def _next_page(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe and wanted.startswith("/") else "/"


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
