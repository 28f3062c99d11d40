from django.urls import path

from hub.core.views import accounts, pages

app_name = "core"

# Each area keeps its routes in its own block.
urlpatterns = [
    # Site pages
    path("healthz", pages.healthz, name="healthz"),
    path("accessibility-statement/", pages.accessibility_statement, name="accessibility-statement"),
    path("privacy/", pages.privacy, name="privacy"),
    path("cookies/", pages.cookies, name="cookies"),
    # Accounts, sign-in and two-factor
    path("account/sign-in/", accounts.sign_in, name="sign-in"),
    path("account/sign-out/", accounts.sign_out, name="sign-out"),
    path("account/", accounts.account, name="account"),
    # Action tracker
    # API tokens
]
