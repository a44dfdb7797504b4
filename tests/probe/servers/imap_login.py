"""An IMAP server (implicit TLS) whose login answers are the providers' own refusals, chosen by the
user name: response codes Dovecot's passdbs cannot be made to send on demand.

  unavailable -> NO [UNAVAILABLE] Temporary authentication failure.  (Dovecot, passdb unreachable)
  disabled    -> NO [ALERT] Your account is not enabled for IMAP use. ...  (Gmail, IMAP off)
  apppassword -> NO [ALERT] Application-specific password required: ...  (Gmail, 2-step verification)
  anyone else -> NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)  (Gmail)

It offers AUTH=PLAIN with SASL-IR and takes LOGIN too; no login ever succeeds.
"""

import asyncio
import base64

REPLIES = {
    b"unavailable": b"NO [UNAVAILABLE] Temporary authentication failure. [login-codes:2026-12-06 10:00:00]",
    b"disabled": b"NO [ALERT] Your account is not enabled for IMAP use. Please visit your Gmail settings page "
                 b"and enable your account for IMAP access. (Failure)",
    b"apppassword": b"NO [ALERT] Application-specific password required: "
                    b"https://support.google.com/accounts/answer/185833 (Failure)",
}
DEFAULT_REPLY = b"NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)"
CAPABILITY = b"IMAP4rev1 SASL-IR AUTH=PLAIN"


def _user_of(command, argument):
    """The user name of `LOGIN user pass` or `AUTHENTICATE PLAIN <base64>` (message \\0user\\0pass)."""
    if command == b"LOGIN":
        return argument.split(b" ", 1)[0].strip(b'"')
    try:
        return base64.b64decode(argument.split(b" ", 1)[1]).split(b"\0")[1]
    except (IndexError, ValueError):
        return b""


async def serve(reader, writer):
    writer.write(b"* OK [CAPABILITY " + CAPABILITY + b"] login codes test server ready\r\n")
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            tag, _, rest = line.strip().partition(b" ")
            command, _, argument = rest.partition(b" ")
            command = command.upper()
            if command == b"CAPABILITY":
                writer.write(b"* CAPABILITY " + CAPABILITY + b"\r\n" + tag + b" OK CAPABILITY completed\r\n")
            elif command in (b"LOGIN", b"AUTHENTICATE"):
                writer.write(tag + b" " + REPLIES.get(_user_of(command, argument), DEFAULT_REPLY) + b"\r\n")
            elif command == b"LOGOUT":
                writer.write(b"* BYE logging out\r\n" + tag + b" OK LOGOUT completed\r\n")
                await writer.drain()
                break
            else:
                writer.write(tag + b" BAD unknown command\r\n")
            await writer.drain()
    except (ConnectionError, OSError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()
