"""Web security: who may connect, CSRF tokens, upload limits, and the SSRF guard.

- The app binds to 127.0.0.1 by default. Any other address needs authentication set up
  by the admin, or :func:`check_bind` refuses to start: HTTP Basic with
  ``NEWSFUSE_WEB_USER`` + ``NEWSFUSE_WEB_PASSWORD_HASH`` (an argon2 hash from
  ``newsfuse hash-password``), and/or a bearer token for the API whose argon2 hash is in
  ``NEWSFUSE_WEB_TOKEN_HASH``.
- Forms carry a CSRF token signed with the app's secret and bound to a cookie.
- URL ingest from the web refuses non-http(s) schemes and hosts that resolve to private,
  loopback, link-local or reserved addresses unless ``NEWSFUSE_WEB_ALLOW_PRIVATE=1``.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import secrets
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import ConfigError, InputError, UnsupportedFormat

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # per file; a long article as HTML is well under 1 MB
MAX_UPLOAD_FILES = 20
MAX_URLS = 50
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class _Auth:
    user: str | None
    password_hash: str | None
    token_hash: str | None

    @property
    def enabled(self) -> bool:
        return bool((self.user and self.password_hash) or self.token_hash)


WebAuth = _Auth


def auth_from_env() -> _Auth:
    """Authentication settings from the environment."""
    return _Auth(
        os.environ.get("NEWSFUSE_WEB_USER") or None,
        os.environ.get("NEWSFUSE_WEB_PASSWORD_HASH") or None,
        os.environ.get("NEWSFUSE_WEB_TOKEN_HASH") or None,
    )


def hash_secret(secret: str) -> str:
    """An argon2 hash of a password or token, for the environment settings."""
    from argon2 import PasswordHasher

    return PasswordHasher().hash(secret)


def _verify(hashed: str, secret: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(hashed, secret)
    except (VerificationError, InvalidHashError):
        return False


def check_bind(host: str, auth: _Auth) -> None:
    """Refuse to serve beyond this machine without authentication.

    Raises:
        ConfigError: ``host`` is not a loopback address and no authentication is set.
    """
    if host in LOOPBACK_HOSTS or host.startswith("127."):
        return
    if not auth.enabled:
        raise ConfigError(
            f"Refusing to bind to {host} without authentication. Set NEWSFUSE_WEB_USER and "
            "NEWSFUSE_WEB_PASSWORD_HASH (from `newsfuse hash-password`), or "
            "NEWSFUSE_WEB_TOKEN_HASH, or bind to 127.0.0.1."
        )


def authorized(header: str | None, auth: _Auth) -> bool:
    """Does an Authorization header satisfy the configured authentication?"""
    if not auth.enabled:
        return True
    if not header:
        return False
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and auth.token_hash:
        return _verify(auth.token_hash, value.strip())
    if scheme.lower() == "basic" and auth.user and auth.password_hash:
        try:
            user, _, password = base64.b64decode(value.strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        return secrets.compare_digest(user, auth.user) and _verify(auth.password_hash, password)
    return False


def allow_private() -> bool:
    """Has the admin allowed fetching from private networks?"""
    return os.environ.get("NEWSFUSE_WEB_ALLOW_PRIVATE") == "1"


def check_fetch_url(url: str, *, private_ok: bool | None = None) -> None:
    """Refuse URLs the server must not fetch on a user's behalf (SSRF guard).

    Raises:
        UnsupportedFormat: not http(s).
        InputError: the host resolves to a private, loopback, link-local or reserved
            address, or does not resolve.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsupportedFormat("only http and https URLs are fetched", source=url)
    if private_ok if private_ok is not None else allow_private():
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise InputError(f"cannot resolve {parts.hostname}", source=url) from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if (
            ip.is_private
            or ip.is_loopback
            or ip.is_link_local
            or ip.is_reserved
            or ip.is_multicast
            or ip.is_unspecified
        ):
            raise InputError(
                f"refusing to fetch from {ip} (a private or local address); an admin can "
                "allow it with NEWSFUSE_WEB_ALLOW_PRIVATE=1",
                source=url,
            )
