"""Permission matrix for registering, signing in and out, passwords, two-factor sign-in and /account/.

Personas that need two-factor sign-in (business unit, reviews panel) arrive with a confirmed
authenticator app and a verified session, as ``hub.testing.sign_in`` leaves them.
"""

from hub.testing import Route

TWO_FACTOR_PEOPLE = {"business_unit": 200, "reviews_panel": 200}


def _bad_reset_link(personas):
    return {"uidb64": "bm90LWEtdXVpZA", "token": "set-password"}


def _bad_confirmation_link(personas):
    return {"token": "not-a-signed-token"}


ROUTES = [
    # Signing in and out.
    Route("core:sign-in", {"anonymous": 200, "*": 302}),
    Route("core:sign-in", {"anonymous": 200, "*": 302}, method="POST"),
    Route("core:sign-out", {"*": 405}),
    Route("core:sign-out", {"anonymous": 302, "*": 302}, method="POST"),
    # Registering and confirming an address: for people without an account.
    Route("core:register", {"anonymous": 200, "*": 302}),
    Route("core:register", {"anonymous": 200, "*": 302}, method="POST"),
    Route("core:register-done", {"anonymous": 200, "*": 302}),
    Route("core:verify-email", {"*": 200}, kwargs=_bad_confirmation_link),
    Route("core:verify-email", {"*": 200}, kwargs=_bad_confirmation_link, method="POST"),
    Route("core:resend-verification", {"*": 200}),
    Route("core:resend-verification", {"*": 200}, method="POST"),
    # Passwords.
    Route("core:password-reset", {"*": 200}),
    Route("core:password-reset", {"*": 200}, method="POST"),
    Route("core:password-reset-done", {"*": 200}),
    Route("core:password-reset-confirm", {"*": 200}, kwargs=_bad_reset_link),
    Route("core:password-reset-complete", {"*": 200}),
    Route("core:password-change", {"anonymous": 302, "*": 200}),
    Route("core:password-change", {"anonymous": 302, "*": 200}, method="POST"),
    # The account area.
    Route("core:account", {"anonymous": 302, "*": 200}),
    Route("core:profile", {"anonymous": 302, "*": 200}),
    Route("core:profile", {"anonymous": 302, "*": 200}, method="POST"),
    # Two-factor sign-in. People without an authenticator app are sent to the overview page from
    # the pages that manage one; the code page sends people already past it on to their page.
    Route("core:two-factor", {"anonymous": 302, "*": 200}),
    Route("core:two-factor-setup", {"anonymous": 302, "*": 200}),
    Route("core:two-factor-setup", {"anonymous": 302, "*": 200}, method="POST"),
    Route("core:two-factor-verify", {"anonymous": 302, "*": 302}),
    Route("core:two-factor-verify", {"anonymous": 302, "*": 302}, method="POST"),
    Route("core:two-factor-backup-codes", {"anonymous": 302, **TWO_FACTOR_PEOPLE, "*": 302}),
    Route("core:two-factor-backup-codes", {"anonymous": 302, "*": 302}, method="POST"),
    Route("core:two-factor-disable", {"anonymous": 302, **TWO_FACTOR_PEOPLE, "*": 302}),
    Route("core:two-factor-disable", {"anonymous": 302, **TWO_FACTOR_PEOPLE, "*": 302}, method="POST"),
]
