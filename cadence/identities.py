"""How chat identities compare, so a plan's spelling of an id and a platform's spelling of
the same id find each other: one rule for matching people, storing references and routing."""

from __future__ import annotations

import re

_GUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def teams_identity(address: str) -> str:
    """A Teams address in the one spelling it is stored and compared by: AAD object ids and
    emails are case-insensitive and lower-cased; Teams ids ("29:…", "19:…@thread…") are
    case-sensitive and kept as they are."""
    key = address.strip()
    if _GUID.fullmatch(key) or ("@" in key and not key.startswith("19:")):
        return key.lower()
    return key


def email_identity(email: str) -> str:
    """An email as compared: trimmed and lower-cased."""
    return email.strip().lower()
