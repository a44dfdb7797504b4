"""Submission servers (aiosmtpd): STARTTLS required on one port, implicit TLS on another.

Before STARTTLS, EHLO offers no AUTH and every other command gets aiosmtpd's
"530 Must issue a STARTTLS command first". After TLS, AUTH PLAIN/LOGIN:
  GOOD_USER + the password      -> 235 2.7.0 Authentication successful
  APP_PASSWORD_USER (any password) -> Gmail's multi-line 534-5.7.9 application-specific password text
  anything else                 -> 535 5.7.8 Authentication credentials invalid
"""

import logging

from aiosmtpd.smtp import SMTP, AuthResult

GOOD_USER = "alice"
APP_PASSWORD_USER = "appuser"
# Gmail's words (two lines, as smtp.gmail.com sends them).
APP_PASSWORD_REPLY = ("534-5.7.9 Application-specific password required. Learn more at\r\n"
                      "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor")
HOSTNAME = "smtp.good.test"


class _AcceptNothing:
    """The probe never sends mail; a message that gets this far is refused."""

    async def handle_DATA(self, server, session, envelope):
        return "554 5.7.1 This test server accepts no mail"


def _authenticator(password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        login = getattr(auth_data, "login", b"") or b""
        given = getattr(auth_data, "password", b"") or b""
        if login == APP_PASSWORD_USER.encode():
            return AuthResult(success=False, handled=False, message=APP_PASSWORD_REPLY)
        if login == GOOD_USER.encode() and given == password.encode():
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    return authenticate


def log_to(path):
    """aiosmtpd's log (sessions, failed handshakes with their tracebacks) goes to `path`, not stderr."""
    log = logging.getLogger("mail.log")
    handler = logging.FileHandler(path)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def factory(tls_context, password, implicit_tls):
    """A protocol factory for loop.create_server. With implicit_tls the caller passes the context
    to create_server (port 465 style); otherwise STARTTLS is offered and required."""

    def make():
        return SMTP(_AcceptNothing(), hostname=HOSTNAME, ident="mailmend test ESMTP",
                    tls_context=None if implicit_tls else tls_context,
                    require_starttls=not implicit_tls,
                    # aiosmtpd only knows TLS it started itself; an implicit-TLS connection is TLS.
                    auth_require_tls=not implicit_tls,
                    authenticator=_authenticator(password), timeout=60)

    return make
