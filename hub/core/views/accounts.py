"""Registering, signing in and out, passwords, two-factor sign-in and the signed-in person's own area.

The workflows (register, confirm an address, set up or turn off two-factor sign-in...) are the
``verb_noun`` functions in the first half of this module; the views below them stay thin.
"""

from __future__ import annotations

import math
from base64 import b32encode
from datetime import timedelta

import segno
from axes.utils import reset as reset_sign_in_failures
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlencode, urlsafe_base64_decode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hub.core import roles
from hub.core.audit import entries_for, log_action
from hub.core.errors import DomainError
from hub.core.forms.accounts import (
    EmailAddressForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    RegistrationForm,
    SetPasswordForm,
    SignInForm,
    TwoFactorSetupForm,
    TwoFactorVerifyForm,
)
from hub.core.middleware import TWO_FACTOR_PENDING_SESSION_KEY
from hub.core.models import Agency, PartnershipSettings, Role, User, normalise_email

BACKUP_CODE_COUNT = 10
# A new confirmation link is sent at most this often, however many times someone asks.
VERIFICATION_RESEND_INTERVAL = timedelta(minutes=5)
_VERIFICATION_SALT = "hub.core.email-verification"
_BACKUP_CODES_SESSION_KEY = "hub_new_backup_codes"
_TWO_FACTOR_NEXT_SESSION_KEY = "hub_two_factor_next"
_REGISTERED_EMAIL_SESSION_KEY = "hub_registered_email"


# E-mail ------------------------------------------------------------------------------------


def send_account_email(*, to: str, subject_template: str, body_template: str, context: dict) -> None:
    """Send a plain-text e-mail about someone's account once the current transaction commits."""
    context = {
        "partnership_name": PartnershipSettings.load().name,
        "site_url": settings.SITE_URL.rstrip("/"),
        **context,
    }
    subject = " ".join(render_to_string(subject_template, context).split())
    body = render_to_string(body_template, context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [to]))


# Confirming an e-mail address ---------------------------------------------------------------


def make_verification_token(user: User) -> str:
    """A signed, timestamped token naming the person and the address it confirms."""
    return signing.TimestampSigner(salt=_VERIFICATION_SALT).sign_object({"u": str(user.uuid), "e": user.email})


def user_for_verification_token(token: str) -> User:
    """The person a confirmation token names.

    Raises ``signing.SignatureExpired`` when the link is older than
    ``settings.EMAIL_VERIFICATION_MAX_AGE`` and ``signing.BadSignature`` when it was altered or
    the address has changed since it was sent.
    """
    data = signing.TimestampSigner(salt=_VERIFICATION_SALT).unsign_object(
        token, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
    )
    user = User.objects.filter(uuid=data.get("u"), email=data.get("e"), is_active=True).first()
    if user is None:
        raise signing.BadSignature("No active account has this address")
    return user


def send_verification_email(*, user: User, request=None) -> None:
    """E-mail ``user`` a link that confirms their address."""
    url = settings.SITE_URL.rstrip("/") + reverse("core:verify-email", args=[make_verification_token(user)])
    log_action("core.user.verification_sent", actor=user, obj=user, request=request)
    send_account_email(
        to=user.email,
        subject_template="core/emails/verify_email_subject.txt",
        body_template="core/emails/verify_email.txt",
        context={"user": user, "url": url, "hours": settings.EMAIL_VERIFICATION_MAX_AGE // 3600},
    )


def register_practitioner(
    *,
    first_name: str,
    last_name: str,
    email: str,
    agency: Agency,
    job_title: str,
    password: str,
    request=None,
) -> User | None:
    """Create a practitioner's account, waiting for them to confirm their address.

    The account holds no role until the address is confirmed. When the address already has an
    account nothing is created and the page shown is the same; the owner is told by e-mail that
    someone tried, with a link to reset their password (or a new confirmation link, if they never
    confirmed). Returns the new account, or None when the address was taken.
    """
    email = normalise_email(email)
    with transaction.atomic():
        existing = User.objects.filter(email=email).first()
        if existing is None:
            try:
                with transaction.atomic():
                    user = User.objects.create_user(
                        email,
                        password,
                        first_name=first_name.strip(),
                        last_name=last_name.strip(),
                        agency=agency,
                        job_title=job_title.strip(),
                    )
            except IntegrityError:
                # Someone registered the same address a moment ago.
                existing = User.objects.get(email=email)
            else:
                log_action(
                    "core.user.registered", actor=user, obj=user, request=request, data={"agency": agency.short_code}
                )
                send_verification_email(user=user, request=request)
                return user
        # As much work as creating an account, so the time taken does not give the answer away.
        make_password(password)
        log_action("core.user.registration_repeated", obj=existing, request=request, data={"agency": agency.short_code})
        if not existing.is_active:
            return None
        if existing.email_verified_at is None:
            send_verification_email(user=existing, request=request)
        else:
            send_account_email(
                to=existing.email,
                subject_template="core/emails/already_registered_subject.txt",
                body_template="core/emails/already_registered.txt",
                context={"user": existing, "reset_url": settings.SITE_URL.rstrip("/") + reverse("core:password-reset")},
            )
    return None


def resend_verification_email(*, email: str, request=None) -> bool:
    """Send a new confirmation link if ``email`` belongs to an account still waiting for one.

    Sends nothing when a link went out within ``VERIFICATION_RESEND_INTERVAL``. Returns whether
    an e-mail was sent (never shown to the person asking).
    """
    with transaction.atomic():
        user = User.objects.filter(email=normalise_email(email), is_active=True, email_verified_at=None).first()
        if user is None:
            return False
        recently = timezone.now() - VERIFICATION_RESEND_INTERVAL
        if entries_for(user).filter(action="core.user.verification_sent", created_at__gte=recently).exists():
            return False
        send_verification_email(user=user, request=request)
    return True


def _registered_themselves(user: User) -> bool:
    return entries_for(user).filter(action="core.user.registered").exists()


def confirm_email_address(*, user: User, request=None, via: str = "link") -> bool:
    """Record that ``user`` controls their address; people who registered become practitioners.

    Returns False when the address was already confirmed.
    """
    from hub.core.role_services import grant_role

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.email_verified_at is not None:
            return False
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        log_action("core.user.email_verified", actor=user, obj=user, request=request, data={"via": via})
        if _registered_themselves(user) and not user.has_role(roles.PRACTITIONER):
            grant_role(actor=user, user=user, role=Role.objects.get(slug=roles.PRACTITIONER), request=request)
    return True


# Passwords ----------------------------------------------------------------------------------


def _password_changed_notice(user: User) -> None:
    send_account_email(
        to=user.email,
        subject_template="core/emails/password_changed_subject.txt",
        body_template="core/emails/password_changed.txt",
        context={"user": user, "reset_url": settings.SITE_URL.rstrip("/") + reverse("core:password-reset")},
    )


def complete_password_reset(*, user: User, request=None) -> None:
    """After a new password is set from a reset link: audit, unlock, and tell the person.

    Following the link proves the person reads the address, so an unconfirmed address counts as
    confirmed; people added by the business unit set their first password this way.
    """
    with transaction.atomic():
        log_action("core.user.password_reset", actor=user, obj=user, request=request)
        reset_sign_in_failures(username=user.email)
        confirm_email_address(user=user, request=request, via="password-reset")
        _password_changed_notice(user)


def change_password(*, user: User, form: PasswordChangeForm, request=None) -> None:
    """Save a new password chosen while signed in."""
    with transaction.atomic():
        form.save()
        log_action("core.user.password_changed", actor=user, obj=user, request=request)
        _password_changed_notice(user)


def update_profile(*, user: User, form: ProfileForm, request=None) -> None:
    with transaction.atomic():
        changed = list(form.changed_data)
        form.save()
        if changed:
            log_action("core.user.profile_updated", actor=user, obj=user, request=request, data={"fields": changed})


# Two-factor sign-in -------------------------------------------------------------------------


def _wait_phrase(until) -> str:
    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minutes"


def _throttled_message(until) -> str:
    return f"You have entered too many wrong codes. Wait {_wait_phrase(until)}, then try again"


def _check_code(device, code: str) -> tuple[bool, str | None]:
    """Check ``code`` on ``device``, honouring its throttle. Returns (matched, wait message)."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return False, _throttled_message(info["locked_until"]) if info and "locked_until" in info else None
    return device.verify_token(code), None


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def set_up_two_factor(*, user: User, device: TOTPDevice, code: str, request=None) -> list[str]:
    """Confirm a new authenticator app with a code from it; returns a fresh set of backup codes.

    Any authenticator app set up before is removed, and earlier backup codes stop working.
    Raises ``DomainError`` when the code is wrong or too many wrong codes were tried.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        matched, wait = _check_code(device, code)
        if matched:
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_backup_codes(user)
            log_action("core.two_factor.set_up", actor=user, obj=user, request=request)
        else:
            # Written before raising, so the failure and the throttle's count are kept.
            log_action(
                "core.two_factor.verify_failed", actor=user, obj=user, request=request, data={"during": "set-up"}
            )
    if not matched:
        raise DomainError(
            wait
            or "The code is not correct. Check the time on your phone is right, then enter the code your app shows now",
            field="code",
        )
    return codes


def verify_second_factor(*, user: User, code: str, backup: bool, request=None):
    """Check a code from the person's authenticator app or one of their backup codes.

    Returns the device that accepted it. Raises ``DomainError`` when no device did, saying to wait
    when too many wrong codes have been tried.
    """
    model = StaticDevice if backup else TOTPDevice
    with transaction.atomic():
        wait = None
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            matched, device_wait = _check_code(device, code)
            if matched:
                if backup:
                    log_action("core.two_factor.backup_code_used", actor=user, obj=user, request=request)
                log_action("core.two_factor.verified", actor=user, obj=user, request=request)
                return device
            wait = wait or device_wait
        log_action(
            "core.two_factor.verify_failed",
            actor=user,
            obj=user,
            request=request,
            data={"kind": "backup code" if backup else "authenticator app", "throttled": bool(wait)},
        )
    if wait:
        raise DomainError(wait, field="code")
    if backup:
        raise DomainError("That backup code is not correct or has already been used", field="code")
    raise DomainError("The code is not correct. Enter the code your authenticator app shows now", field="code")


def regenerate_backup_codes(*, user: User, request=None) -> list[str]:
    """Replace the person's backup codes; the old ones stop working."""
    with transaction.atomic():
        codes = _new_backup_codes(user)
        log_action("core.two_factor.backup_codes_regenerated", actor=user, obj=user, request=request)
    return codes


def disable_two_factor(*, user: User, request=None) -> None:
    """Remove the person's authenticator app and backup codes, where their roles allow it."""
    if user.requires_two_factor:
        raise DomainError("Your roles need two-factor sign-in, so you cannot turn it off")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        log_action("core.two_factor.disabled", actor=user, obj=user, request=request)


# Views: helpers -----------------------------------------------------------------------------


def safe_next_url(request, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def _posted(request):
    """The submitted data on a POST (even an empty one), None otherwise, so forms bind only to POSTs."""
    return request.POST if request.method == "POST" else None


def _with_next(url_name: str, next_url: str) -> str:
    return reverse(url_name) + "?" + urlencode({"next": next_url})


def _remaining_backup_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def _mark_two_factor_passed(request, device) -> None:
    otp_login(request, device)
    request.session.pop(TWO_FACTOR_PENDING_SESSION_KEY, None)


# Views: signing in and out ------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    if request.user.is_authenticated:
        return redirect(safe_next_url(request, reverse("core:account")))
    form = SignInForm(request, data=_posted(request))
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user, backend="hub.core.auth.EmailBackend")
        next_url = safe_next_url(request, reverse("core:account"))
        if user_has_device(user, confirmed=True):
            # The password is right; the session counts as signed in only after the code too.
            request.session[TWO_FACTOR_PENDING_SESSION_KEY] = True
            return redirect(_with_next("core:two-factor-verify", next_url))
        if user.requires_two_factor:
            return redirect(_with_next("core:two-factor-setup", next_url))
        return redirect(next_url)
    if request.method == "POST" and form.awaiting_confirmation:
        log_action("core.user.sign_in_unverified", obj=form.get_user(), request=request)
    status = 429 if "locked_out" in {e.code for e in form.non_field_errors().as_data()} else 200
    return render(
        request,
        "core/accounts/sign_in.html",
        {"form": form, "next": safe_next_url(request, "")},
        status=status,
    )


@require_POST
def sign_out(request):
    """Ends the session on the server, not just in the browser."""
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("core:sign-in")


# Views: registering -------------------------------------------------------------------------


@sensitive_post_parameters("password", "password_confirmation")
@never_cache
def register(request):
    if request.user.is_authenticated:
        return redirect("core:account")
    form = RegistrationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        register_practitioner(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            agency=data["agency"],
            job_title=data["job_title"],
            password=data["password"],
            request=request,
        )
        request.session[_REGISTERED_EMAIL_SESSION_KEY] = data["email"]
        return redirect("core:register-done")
    return render(request, "core/accounts/register.html", {"form": form})


def register_done(request):
    if request.user.is_authenticated:
        return redirect("core:account")
    return render(
        request,
        "core/accounts/check_your_email.html",
        {
            "email": request.session.get(_REGISTERED_EMAIL_SESSION_KEY, ""),
            "hours": settings.EMAIL_VERIFICATION_MAX_AGE // 3600,
        },
    )


@never_cache
def verify_email(request, token: str):
    """GET asks the person to confirm (links in e-mails get opened by scanners); POST confirms."""
    try:
        user = user_for_verification_token(token)
    except signing.SignatureExpired:
        return render(request, "core/accounts/verify_email_problem.html", {"expired": True})
    except signing.BadSignature:
        return render(request, "core/accounts/verify_email_problem.html", {"expired": False})
    if user.email_verified_at is not None:
        return render(request, "core/accounts/verify_email_done.html", {"already": True})
    if request.method == "POST":
        confirm_email_address(user=user, request=request)
        return render(request, "core/accounts/verify_email_done.html", {"already": False})
    return render(request, "core/accounts/verify_email.html", {"confirm_user": user})


def resend_verification(request):
    form = EmailAddressForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        resend_verification_email(email=form.cleaned_data["email"], request=request)
        request.session[_REGISTERED_EMAIL_SESSION_KEY] = form.cleaned_data["email"]
        if request.user.is_authenticated:
            messages.success(request, "If that address needs confirming, we have sent a new link to it.")
            return redirect("core:account")
        return redirect("core:register-done")
    return render(request, "core/accounts/resend_verification.html", {"form": form})


# Views: passwords ---------------------------------------------------------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "core/accounts/password_reset.html"
    email_template_name = "core/emails/password_reset.txt"
    subject_template_name = "core/emails/password_reset_subject.txt"
    success_url = reverse_lazy("core:password-reset-done")

    def form_valid(self, form):
        self.extra_email_context = {"hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        for user in form.get_users(form.cleaned_data["email"]):
            log_action("core.user.password_reset_requested", obj=user, request=self.request)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "core/accounts/password_reset_confirm.html"
    success_url = reverse_lazy("core:password-reset-complete")
    post_reset_login = False

    def get_user(self, uidb64):
        # Reset links name the person by their UUID, never by a sequential id.
        try:
            return User.objects.get(uuid=force_str(urlsafe_base64_decode(uidb64)), is_active=True)
        except (TypeError, ValueError, OverflowError, ValidationError, User.DoesNotExist):
            return None

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            complete_password_reset(user=form.user, request=self.request)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/accounts/password_reset_complete.html"


@login_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
def password_change(request):
    form = PasswordChangeForm(request.user, data=_posted(request))
    if request.method == "POST" and form.is_valid():
        change_password(user=request.user, form=form, request=request)
        # Keeps this session signed in; sessions elsewhere end because the password changed.
        update_session_auth_hash(request, request.user)
        messages.success(request, "Your password has been changed.")
        return redirect("core:account")
    return render(request, "core/accounts/password_change.html", {"form": form})


# Views: the account area --------------------------------------------------------------------


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "core/accounts/account.html",
        {
            "role_assignments": user.active_role_assignments(),
            "two_factor_on": user_has_device(user, confirmed=True),
            "sections": account_sections(request),
        },
    )


def account_sections(request) -> list[dict]:
    """Cards on the account page, contributed by each area through ``registry.account_sections``."""
    from hub.core.registry import registry

    sections = []
    for provider in registry.account_sections:
        section = provider(request)
        if section:
            sections.append(section)
    return sections


@login_required
def profile(request):
    form = ProfileForm(_posted(request), instance=request.user)
    if request.method == "POST" and form.is_valid():
        update_profile(user=request.user, form=form, request=request)
        messages.success(request, "Your details have been updated.")
        return redirect("core:account")
    return render(request, "core/accounts/profile.html", {"form": form})


# Views: two-factor sign-in ------------------------------------------------------------------


@login_required
def two_factor(request):
    user = request.user
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return render(
        request,
        "core/accounts/two_factor.html",
        {
            "totp": totp,
            "backup_codes_left": _remaining_backup_codes(user) if totp else 0,
            "required": user.requires_two_factor,
        },
    )


def _qr_code_svg(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, border=4, dark="#0b0c0c", light="#ffffff")
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code for your authenticator app" ', 1)


def _secret_in_groups(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@never_cache
def two_factor_setup(request):
    user = request.user
    next_url = safe_next_url(request, "")
    if user_has_device(user, confirmed=True) and not user.is_verified():
        # Someone with only the password must not swap in an authenticator app of their own.
        return redirect(_with_next("core:two-factor-verify", request.get_full_path()))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    form = TwoFactorSetupForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            codes = set_up_two_factor(user=user, device=device, code=form.cleaned_data["code"], request=request)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            device.confirmed = True
            _mark_two_factor_passed(request, device)
            request.session[_BACKUP_CODES_SESSION_KEY] = codes
            request.session[_TWO_FACTOR_NEXT_SESSION_KEY] = next_url
            return redirect("core:two-factor-backup-codes")
    return render(
        request,
        "core/accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_code_svg(device),
            "secret": _secret_in_groups(device),
            "issuer": settings.OTP_TOTP_ISSUER,
            "next": next_url,
            "required": user.requires_two_factor,
        },
    )


@login_required
@never_cache
def two_factor_verify(request):
    user = request.user
    next_url = safe_next_url(request, reverse("core:account"))
    if not user_has_device(user, confirmed=True):
        request.session.pop(TWO_FACTOR_PENDING_SESSION_KEY, None)
        if user.requires_two_factor:
            return redirect(_with_next("core:two-factor-setup", next_url))
        return redirect("core:two-factor")
    if user.is_verified():
        request.session.pop(TWO_FACTOR_PENDING_SESSION_KEY, None)
        return redirect(next_url)
    form = TwoFactorVerifyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            device = verify_second_factor(
                user=user, code=form.cleaned_data["code"], backup=form.is_backup_code, request=request
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            _mark_two_factor_passed(request, device)
            if form.is_backup_code:
                left = _remaining_backup_codes(user)
                messages.info(
                    request,
                    f"You used a backup code. You have {left} left. Get new backup codes from your account "
                    "if you are running out.",
                )
            return redirect(next_url)
    return render(
        request,
        "core/accounts/two_factor_verify.html",
        {"form": form, "next": safe_next_url(request, "")},
    )


def _two_factor_gate(request):
    """Pages that manage two-factor sign-in need it set up and passed in this session."""
    if not user_has_device(request.user, confirmed=True):
        return redirect("core:two-factor")
    if not request.user.is_verified():
        return redirect(_with_next("core:two-factor-verify", request.get_full_path()))
    return None


@login_required
@never_cache
def two_factor_backup_codes(request):
    codes = request.session.pop(_BACKUP_CODES_SESSION_KEY, None)
    if codes and request.method == "GET":
        return render(
            request,
            "core/accounts/two_factor_backup_codes.html",
            {
                "codes": codes,
                "next": request.session.pop(_TWO_FACTOR_NEXT_SESSION_KEY, "") or reverse("core:two-factor"),
            },
        )
    gate = _two_factor_gate(request)
    if gate:
        return gate
    if request.method == "POST":
        request.session[_BACKUP_CODES_SESSION_KEY] = regenerate_backup_codes(user=request.user, request=request)
        return redirect("core:two-factor-backup-codes")
    return render(request, "core/accounts/two_factor_backup_codes_confirm.html")


@login_required
@never_cache
def two_factor_disable(request):
    gate = _two_factor_gate(request)
    if gate:
        return gate
    if request.user.requires_two_factor:
        return render(request, "core/accounts/two_factor_disable_refused.html")
    if request.method == "POST":
        disable_two_factor(user=request.user, request=request)
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        messages.success(request, "Two-factor sign-in is turned off.")
        return redirect("core:two-factor")
    return render(request, "core/accounts/two_factor_disable.html")
