"""Permission matrix for the API token pages in the signed-in area.

The API itself (``/api/``) answers with JSON 401/404 and is covered by the test_api_* files.
"""

from hub.core.tokens import create_api_token, revoke_api_token
from hub.testing import Route


def _token_of_spoc_a(personas, *, revoked: bool = False) -> dict:
    token, _secret = create_api_token(actor=personas.spoc_a, owner=personas.spoc_a, name="Matrix token")
    if revoked:
        revoke_api_token(actor=personas.spoc_a, token=token)
    return {"token_uuid": token.uuid}


OWNER_AND_BUSINESS_UNIT = {"anonymous": 302, "spoc_a": 200, "business_unit": 200, "*": 404}

ROUTES = [
    Route("core:api-tokens", {"anonymous": 302, "*": 200}),
    Route("core:api-token-create", {"anonymous": 302, "*": 200}),
    # An empty form is answered with its errors; nothing is created.
    Route("core:api-token-create", {"anonymous": 302, "*": 200}, method="POST"),
    Route("core:api-token-created", OWNER_AND_BUSINESS_UNIT, kwargs=_token_of_spoc_a),
    Route("core:api-token-revoke", OWNER_AND_BUSINESS_UNIT, kwargs=_token_of_spoc_a),
    # Checked on a token that is already revoked, so every persona meets the same token: the owner
    # and the business unit are told it is already revoked, everyone else gets 404.
    Route(
        "core:api-token-revoke",
        OWNER_AND_BUSINESS_UNIT,
        kwargs=lambda personas: _token_of_spoc_a(personas, revoked=True),
        method="POST",
    ),
]
