from django.urls import path

from hub.core.views import accounts, actions, pages, tokens

app_name = "core"

# Each area keeps its routes in its own block.
urlpatterns = [
    # Site pages
    path("healthz", pages.healthz, name="healthz"),
    path("cookies/", pages.cookies, name="cookies"),
    # Accounts, sign-in and two-factor
    path("account/sign-in/", accounts.sign_in, name="sign-in"),
    path("account/sign-out/", accounts.sign_out, name="sign-out"),
    path("account/", accounts.account, name="account"),
    path("account/profile/", accounts.profile, name="profile"),
    path("account/register/", accounts.register, name="register"),
    path("account/register/check-your-email/", accounts.register_done, name="register-done"),
    path("account/confirm-email/new-link/", accounts.resend_verification, name="resend-verification"),
    path("account/confirm-email/<str:token>/", accounts.verify_email, name="verify-email"),
    path("account/password/", accounts.password_change, name="password-change"),
    path("account/password-reset/", accounts.PasswordResetView.as_view(), name="password-reset"),
    path("account/password-reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "account/password-reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "account/password-reset/complete/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("account/two-factor/", accounts.two_factor, name="two-factor"),
    path("account/two-factor/set-up/", accounts.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/verify/", accounts.two_factor_verify, name="two-factor-verify"),
    path("account/two-factor/backup-codes/", accounts.two_factor_backup_codes, name="two-factor-backup-codes"),
    path("account/two-factor/turn-off/", accounts.two_factor_disable, name="two-factor-disable"),
    # Action tracker
    path("account/actions/", actions.my_actions, name="my-actions"),
    path("actions/", actions.action_list, name="action-list"),
    path("actions/export.csv", actions.action_export_csv, name="action-export-csv"),
    path("actions/export.xlsx", actions.action_export_xlsx, name="action-export-xlsx"),
    path("actions/new/", actions.action_create, name="action-create"),
    path("actions/<uuid:uuid>/", actions.action_detail, name="action-detail"),
    path("actions/<uuid:uuid>/edit/", actions.action_edit, name="action-edit"),
    path("actions/<uuid:uuid>/progress/", actions.action_progress, name="action-progress"),
    # API tokens
    path("account/api-tokens/", tokens.api_tokens, name="api-tokens"),
    path("account/api-tokens/new/", tokens.api_token_create, name="api-token-create"),
    path("account/api-tokens/<uuid:token_uuid>/created/", tokens.api_token_created, name="api-token-created"),
    path("account/api-tokens/<uuid:token_uuid>/revoke/", tokens.api_token_revoke, name="api-token-revoke"),
]
