"""Sign-in events go to the audit log. Django's own auth signals are the documented hook for this."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hub.core.audit import log_action


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
