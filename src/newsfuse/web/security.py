"""Web security: who may connect, which Host names, CSRF tokens, upload limits.

- The app binds to 127.0.0.1 by default. Any address that is not loopback (a name
  such as ``127.example.invalid`` is not loopback) needs authentication set up by the
  admin, or :func:`check_bind` refuses to start: HTTP Basic with ``NEWSFUSE_WEB_USER`` +
  ``NEWSFUSE_WEB_PASSWORD_HASH`` (an argon2 hash from ``newsfuse hash-password``),
  and/or a bearer token for the API whose argon2 hash is in ``NEWSFUSE_WEB_TOKEN_HASH``.
- :class:`Authenticator` does the same argon2 work for an unknown user as for a known
  one (no user-name enumeration by timing), compares bytes in constant time (a non-ASCII
  user name is a 401, not a 500), and remembers verified credentials (keyed by an HMAC
  of the header, successes only) so argon2 runs once per credential, not per request.
- Requests whose ``Host`` is not allowed are refused (DNS rebinding): loopback names by
  default, plus the bound address and the names in ``NEWSFUSE_WEB_HOSTS``.
- Forms carry a CSRF token that is an HMAC of the session cookie under the app's secret
  (``NEWSFUSE_WEB_SECRET``, else random per process): a page on another port of the same
  host can set cookies, but cannot compute the token.
- URL ingest from the web goes through the fetcher's address guard
  (:mod:`newsfuse.ingest.fetch`); private and local addresses are refused unless
  ``NEWSFUSE_WEB_ALLOW_PRIVATE=1``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import os
import secrets
import sys
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ConfigError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # per file; a long article as HTML is well under 1 MB
MAX_UPLOAD_FILES = 20
MAX_URLS = 50
# Largest request body: a full upload plus form overhead. Bigger ones are refused from
# their Content-Length before anything is parsed.
MAX_REQUEST_BYTES = MAX_UPLOAD_FILES * MAX_UPLOAD_BYTES + 1024 * 1024
MAX_JSON_BODY_BYTES = 1024 * 1024  # the API takes lists of URLs, a few kB
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
HOSTS_ENV = "NEWSFUSE_WEB_HOSTS"
SECRET_ENV = "NEWSFUSE_WEB_SECRET"
ALLOW_PRIVATE_ENV = "NEWSFUSE_WEB_ALLOW_PRIVATE"
AUTH_CACHE_SIZE = 256  # verified credentials remembered per process
# Verified against when the user name is unknown, so that path costs one argon2 verify too.
_DUMMY_SECRET = "newsfuse-unknown-user"


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


def read_secret() -> str:
    """A password or token from standard input (first line) or, on a terminal, a prompt.

    Never from the command line, where ``ps`` would show it.

    Raises:
        ConfigError: nothing was given.
    """
    if sys.stdin.isatty():
        import getpass

        secret = getpass.getpass("Password or token: ")
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        raise ConfigError("No password or token given: type it, or pipe it on standard input.")
    return secret


def _verify(hashed: str, secret: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(hashed, secret)
    except (VerificationError, InvalidHashError):
        return False


def is_loopback(host: str) -> bool:
    """Is ``host`` the name ``localhost`` or a loopback IP address (not a name like 127.x.y)?"""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, auth: _Auth) -> None:
    """Refuse to serve beyond this machine without authentication.

    Raises:
        ConfigError: ``host`` is not a loopback address and no authentication is set.
    """
    if is_loopback(host):
        return
    if not auth.enabled:
        raise ConfigError(
            f"Refusing to bind to {host} without authentication. Set NEWSFUSE_WEB_USER and "
            "NEWSFUSE_WEB_PASSWORD_HASH (from `newsfuse hash-password`), or "
            "NEWSFUSE_WEB_TOKEN_HASH, or bind to 127.0.0.1."
        )


class Authenticator:
    """Checks Authorization headers against the configured credentials.

    >>> Authenticator(WebAuth(None, None, None))("anything")
    True
    """

    def __init__(self, auth: _Auth, *, cache_size: int = AUTH_CACHE_SIZE) -> None:
        self.auth = auth
        self._key = secrets.token_bytes(32)
        self._verified: OrderedDict[bytes, None] = OrderedDict()
        self._cache_size = cache_size
        self._dummy_hash: str | None = None

    def __call__(self, header: str | None) -> bool:
        """Does ``header`` satisfy the configured authentication?"""
        if not self.auth.enabled:
            return True
        if not header:
            return False
        key = hmac.new(self._key, header.encode("utf-8", "surrogateescape"), "sha256").digest()
        if key in self._verified:
            self._verified.move_to_end(key)
            return True
        ok = self._check(header)
        if ok:
            self._verified[key] = None
            while len(self._verified) > self._cache_size:
                self._verified.popitem(last=False)
        return ok

    def _check(self, header: str) -> bool:
        """One argon2 verification, whatever was wrong with the credentials."""
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and self.auth.token_hash:
            return _verify(self.auth.token_hash, value.strip())
        if scheme.lower() == "basic" and self.auth.user and self.auth.password_hash:
            try:
                raw = base64.b64decode(value.strip().encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError):
                raw = b""
            user, _, password = raw.partition(b":")
            user_ok = hmac.compare_digest(user, self.auth.user.encode("utf-8"))
            # the same argon2 work when the user is unknown: no enumeration by timing
            target = self.auth.password_hash if user_ok else self._dummy()
            pw_ok = _verify(target, password.decode("utf-8", "replace"))
            return user_ok and pw_ok
        return False

    def _dummy(self) -> str:
        """An argon2 hash with the same parameters, verified against for unknown users."""
        if self._dummy_hash is None:
            self._dummy_hash = hash_secret(_DUMMY_SECRET)
        return self._dummy_hash


def allowed_hosts(extra: Iterable[str] = ()) -> frozenset[str]:
    """Host names the app answers to: loopback, ``extra``, and ``NEWSFUSE_WEB_HOSTS``."""
    configured = os.environ.get(HOSTS_ENV, "").replace(",", " ").split()
    names = {h.lower() for h in (*extra, *configured) if h and h not in ("0.0.0.0", "::")}
    names |= {f"[{h}]" for h in names if ":" in h and not h.startswith("[")}
    return LOOPBACK_NAMES | names


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """Is the request's ``Host`` header (port ignored) one of ``allowed``?"""
    if not header:
        return False
    host = header.strip().lower()
    if host.startswith("["):
        host = host[: host.find("]") + 1]
    else:
        host = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return host in allowed


def app_secret() -> bytes:
    """The key that signs CSRF tokens: ``NEWSFUSE_WEB_SECRET``, else random per process."""
    configured = os.environ.get(SECRET_ENV)
    if configured:
        return hashlib.sha256(configured.encode()).digest()
    return secrets.token_bytes(32)


def csrf_token(secret: bytes, session: str) -> str:
    """The CSRF token of a session: an HMAC of its id under the app's secret."""
    mac = hmac.new(secret, b"csrf:" + session.encode("utf-8", "replace"), "sha256").digest()
    return base64.urlsafe_b64encode(mac).decode("ascii").rstrip("=")


def csrf_valid(secret: bytes, session: str | None, token: str | None) -> bool:
    """Is ``token`` the CSRF token of ``session``?"""
    if not session or not token:
        return False
    expected = csrf_token(secret, session).encode()
    return hmac.compare_digest(expected, token.encode("utf-8", "replace"))


def allow_private() -> bool:
    """Has the admin allowed fetching from private networks?"""
    return os.environ.get(ALLOW_PRIVATE_ENV) == "1"
