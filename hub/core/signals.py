"""Sign-in events go to the audit log. Django's own auth signals are the documented hook for this."""

from axes.helpers import get_failure_limit
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hub.core.audit import log_action, register_event

# Descriptions for the account events written here and by the account workflows.
for _action, _description in (
    ("core.user.registered", "Registered for an account"),
    ("core.user.registration_repeated", "Someone tried to register again with this address"),
    ("core.user.verification_sent", "Sent a link to confirm the e-mail address"),
    ("core.user.email_verified", "Confirmed the e-mail address"),
    ("core.user.sign_in_unverified", "Tried to sign in before confirming the e-mail address"),
    ("core.user.password_reset_requested", "Asked for a password reset link"),
    ("core.user.password_reset", "Reset the password"),
    ("core.user.password_changed", "Changed the password"),
    ("core.user.profile_updated", "Updated their details"),
    ("core.user.timed_out", "Signed out after a spell without using the Hub"),
    ("core.two_factor.set_up", "Set up two-factor sign-in"),
    ("core.two_factor.verified", "Entered a two-factor code"),
    ("core.two_factor.verify_failed", "Entered a wrong two-factor code"),
    ("core.two_factor.backup_code_used", "Used a backup code"),
    ("core.two_factor.backup_codes_regenerated", "Got new backup codes"),
    ("core.two_factor.disabled", "Turned off two-factor sign-in"),
):
    register_event(_action, _description)


@receiver(user_logged_in, dispatch_uid="hub.core.log_sign_in")
def log_sign_in(sender, request, user, **kwargs):
    log_action("core.user.signed_in", actor=user, obj=user, request=request)


@receiver(user_logged_out, dispatch_uid="hub.core.log_sign_out")
def log_sign_out(sender, request, user, **kwargs):
    if user is not None:
        log_action("core.user.signed_out", actor=user, obj=user, request=request)


@receiver(user_login_failed, dispatch_uid="hub.core.log_sign_in_failed")
def log_sign_in_failed(sender, credentials, request=None, **kwargs):
    # The password is never logged; the address typed is, to spot attacks on one account.
    log_action(
        "core.user.sign_in_failed",
        request=request,
        data={"email": str(credentials.get("username", ""))[:254]},
    )


@receiver(user_locked_out, dispatch_uid="hub.core.log_locked_out")
def log_locked_out(sender, request, username=None, **kwargs):
    # django-axes sends this for the failure that reaches the limit and again for each attempt
    # made while the lock lasts; only the first is recorded, so each lock has one entry.
    if getattr(request, "axes_failures_since_start", None) != get_failure_limit(request, request.axes_credentials):
        return
    from hub.core.models import User, normalise_email

    user = User.objects.filter(email=normalise_email(username or "")).first()
    log_action("core.user.locked_out", obj=user, request=request, data={"email": str(username or "")[:254]})
