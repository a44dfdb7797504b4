"""Servers that misbehave, each an asyncio connection handler (reader, writer).

They are what a probe must survive with bounded memory and one timeout: silence, a line that never
ends, a 10 MB capability line, binary garbage, a TLS alert instead of a ServerHello, a half-close in
the middle of a greeting, and bytes injected after an IMAP STARTTLS go-ahead.
"""

import asyncio
import os

HUGE_CAPABILITY_BYTES = 10 * 1024 * 1024
GARBAGE_BYTES = 1024 * 1024
# A fatal handshake_failure alert (TLS record: type 21, version 3.3, length 2, level 2, code 40).
TLS_ALERT = bytes([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])
INJECTED = b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected before the TLS handshake\r\n"
CHUNK = 64 * 1024


async def _hold_open(reader, writer):
    """Reads (and drops) until the client closes."""
    try:
        while await reader.read(CHUNK):
            pass
    finally:
        writer.close()


async def silent(reader, writer):
    await _hold_open(reader, writer)


async def endless_line(reader, writer):
    """A greeting line that never ends: "* OK " then 'A's, as fast as the client reads."""
    writer.write(b"* OK ")
    block = b"A" * CHUNK
    try:
        while True:
            writer.write(block)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def huge_capability(reader, writer):
    """A normal IMAP greeting; any command gets one CAPABILITY line of 10 MB."""
    writer.write(b"* OK [CAPABILITY IMAP4rev1] huge capability test server ready\r\n")
    try:
        line = await reader.readline()
        if line:
            tag = line.split(b" ", 1)[0]
            writer.write(b"* CAPABILITY IMAP4rev1")
            token = b" X-" + b"B" * 1021
            for _ in range(HUGE_CAPABILITY_BYTES // len(token)):
                writer.write(token)
                await writer.drain()
            writer.write(b"\r\n" + tag + b" OK CAPABILITY completed\r\n")
            await writer.drain()
        await _hold_open(reader, writer)
    except (ConnectionError, OSError):
        writer.close()


async def garbage(reader, writer):
    """1 MB of random bytes (NULs, 0xFF, stray CR/LF) instead of a greeting, then silence."""
    try:
        writer.write(os.urandom(GARBAGE_BYTES))
        await writer.drain()
        await _hold_open(reader, writer)
    except (ConnectionError, OSError):
        writer.close()


async def tls_alert(reader, writer):
    """Waits for the ClientHello's record header, answers with a fatal alert, closes."""
    try:
        await reader.readexactly(5)
        writer.write(TLS_ALERT)
        await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError, OSError):
        pass
    finally:
        writer.close()


async def half_close(reader, writer):
    """Part of a greeting, no line end, then the sending half closed (FIN); keeps reading."""
    writer.write(b"* OK partial gree")
    try:
        await writer.drain()
        writer.write_eof()
        await _hold_open(reader, writer)
    except (ConnectionError, OSError):
        writer.close()


def starttls_injection(tls_context):
    """An IMAP server whose STARTTLS go-ahead is followed, in the same write, by an extra
    response line (STARTTLS command injection, CVE-2011-0411 style), then a real TLS handshake."""

    async def serve(reader, writer):
        writer.write(b"* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] injection test server ready\r\n")
        tls = False
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                tag, _, command = line.strip().partition(b" ")
                command = command.upper()
                if command == b"CAPABILITY":
                    caps = b"IMAP4rev1 AUTH=PLAIN" if tls else b"IMAP4rev1 STARTTLS LOGINDISABLED"
                    writer.write(b"* CAPABILITY " + caps + b"\r\n" + tag + b" OK CAPABILITY completed\r\n")
                elif command == b"STARTTLS" and not tls:
                    writer.write(tag + b" OK Begin TLS negotiation now\r\n" + INJECTED)
                    await writer.start_tls(tls_context)
                    tls = True
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

    return serve


def imap_greeting_only(what):
    """A minimal IMAP server without STARTTLS (the old-TLS port, the plain port): greeting,
    CAPABILITY, LOGOUT. `what` names it in the greeting."""

    async def serve(reader, writer):
        writer.write(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] " + what + b" test server ready\r\n")
        await _serve_capability(reader, writer)

    return serve


async def _serve_capability(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            tag, _, command = line.strip().partition(b" ")
            command = command.upper()
            if command == b"CAPABILITY":
                writer.write(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n" + tag + b" OK CAPABILITY completed\r\n")
            elif command == b"LOGOUT":
                writer.write(b"* BYE logging out\r\n" + tag + b" OK LOGOUT completed\r\n")
                await writer.drain()
                break
            else:
                writer.write(tag + b" BAD unknown command\r\n")
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        writer.close()
