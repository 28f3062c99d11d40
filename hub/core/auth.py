from django.contrib.auth.backends import ModelBackend

from hub.core.models import normalise_email


class EmailBackend(ModelBackend):
    """Signs people in by e-mail address, whatever its case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username or kwargs.get("email")
        if email is None:
            return None
        return super().authenticate(request, username=normalise_email(email), password=password)
