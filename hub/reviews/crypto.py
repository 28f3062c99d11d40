"""Encryption at rest for the few identifying fields the Hub must hold (the NHS number of a child
who died, which the national database needs to avoid counting a death twice).

Values are encrypted with Fernet (AES-128-CBC with an HMAC-SHA256 authentication code) under
``FIELD_ENCRYPTION_KEY``; keys listed in ``FIELD_ENCRYPTION_OLD_KEYS`` still decrypt, so a key can
be rotated without losing data (``manage.py reencrypt_fields``). Nothing is ever shown in full
except to the panel member who asks for it on purpose.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _fernet() -> MultiFernet:
    keys = [settings.FIELD_ENCRYPTION_KEY, *settings.FIELD_ENCRYPTION_OLD_KEYS]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("The stored value cannot be decrypted with the configured keys") from error


def rotate(token: str) -> str:
    """The same value encrypted under the current key."""
    return _fernet().rotate(token.encode()).decode() if token else ""


def valid_nhs_number(value: str) -> bool:
    """Whether ``value`` (10 digits, spaces allowed) passes the NHS number's modulus 11 check."""
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def mask_nhs_number(value: str) -> str:
    digits = value.replace(" ", "")
    return f"*** *** {digits[-4:]}" if digits else ""
