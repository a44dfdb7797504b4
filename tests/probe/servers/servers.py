#!/usr/bin/python3
"""Real mail servers for the probe tests, on loopback, on free ports, without root.

    servers.py --dir DIR [--no-ipv6]

Makes certificates and configs inside DIR (which belongs to the caller and is never removed),
starts Dovecot, the aiosmtpd submission servers and the hostile servers, prints ONE JSON line on
stdout when every one of them answers, then runs until stdin closes or SIGTERM/SIGINT arrives and
stops everything it started. On a start-up failure it prints one line "servers: error: ..." on
stderr and exits 1. See README.md for what listens where.
"""

import asyncio
import json
import os
import secrets
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import certs  # noqa: E402
import dovecot  # noqa: E402
import server_main  # noqa: E402
import hostile  # noqa: E402
import imap_login  # noqa: E402
import smtp  # noqa: E402
import socks  # noqa: E402
import tls  # noqa: E402

HOST = dovecot.HOST
START_TIMEOUT_SECONDS = 20


def ipv6_loopback_available():
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def listening_socket(address=HOST):
    s = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((address, 0))
    s.listen(64)
    s.setblocking(False)
    return s


def closed_port():
    """A port that was just bound and released: nothing listens there (connect is refused)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def endpoint(sock_or_port, host=HOST):
    port = sock_or_port if isinstance(sock_or_port, int) else sock_or_port.getsockname()[1]
    return {"host": host, "port": port}


async def start_python_servers(folder, leaves, password):
    """Starts the SMTP and hostile servers; returns (endpoints, asyncio servers)."""
    loop = asyncio.get_running_loop()
    sni = tls.sni_context(leaves, certs.DEFAULT_NAME)
    endpoints, servers = {}, []

    async def add_protocol(name, factory, ssl_context=None):
        sock = listening_socket()
        servers.append(await loop.create_server(factory, sock=sock, ssl=ssl_context))
        endpoints[name] = endpoint(sock)

    async def add_stream(name, handler, ssl_context=None):
        sock = listening_socket()
        servers.append(await asyncio.start_server(handler, sock=sock, ssl=ssl_context))
        endpoints[name] = endpoint(sock)

    smtp.log_to(os.path.join(folder, "smtp.log"))
    await add_protocol("smtp_starttls", smtp.factory(sni, password, implicit_tls=False))
    await add_protocol("smtp_tls", smtp.factory(sni, password, implicit_tls=True), ssl_context=sni)
    await add_stream("silent", hostile.silent)
    await add_stream("endless_line", hostile.endless_line)
    await add_stream("huge_capability", hostile.huge_capability)
    await add_stream("garbage", hostile.garbage)
    await add_stream("tls_alert", hostile.tls_alert)
    await add_stream("half_close", hostile.half_close)
    await add_stream("starttls_injection", hostile.starttls_injection(sni))
    good_key, good_cert = leaves[certs.DEFAULT_NAME]
    await add_stream("imap_old_tls", hostile.imap_greeting_only(b"old TLS"), tls.old_tls_context(good_key, good_cert))
    await add_stream("imap_plain", hostile.imap_greeting_only(b"plain"))
    await add_stream("imap_login_codes", imap_login.serve, sni)
    await add_stream("socks5", socks.handler(HOST, os.path.join(folder, "socks.log")))
    return endpoints, servers


async def wait_for_stop():
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)

    def watch_stdin():  # a thread: stdin may be a file or /dev/null, which epoll refuses
        try:
            while os.read(sys.stdin.fileno(), 4096):
                pass
        except OSError:
            pass
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=watch_stdin, daemon=True).start()
    await stop.wait()


async def run(folder, want_ipv6):
    started = time.monotonic()
    deadline = started + START_TIMEOUT_SECONDS
    ipv6 = want_ipv6 and ipv6_loopback_available()
    password = "test-" + secrets.token_hex(8)  # a throwaway credential for this run only
    made = certs.make_all(os.path.join(folder, "certs"))
    leaves = made["leaves"]
    imap_pop = dovecot.Dovecot(os.path.join(folder, "dovecot"), leaves, certs.DEFAULT_NAME, password, ipv6)
    os.makedirs(imap_pop.folder, exist_ok=True)
    imap_pop.start()
    try:
        endpoints, servers = await start_python_servers(folder, leaves, password)
        # Blocking, in this (the main) thread: a restarted Dovecot's PR_SET_PDEATHSIG is tied to
        # the thread that forks it. Nobody connects to the Python servers before the ready line.
        imap_pop.wait_ready(deadline)
        ports = imap_pop.ports
        endpoints.update({
            "imap_starttls": endpoint(ports["imap"]),
            "imap_tls": endpoint(ports["imaps"]),
            "pop3_starttls": endpoint(ports["pop3"]),
            "pop3_tls": endpoint(ports["pop3s"]),
            "closed": endpoint(closed_port()),
        })
        if ipv6:
            endpoints["imap_tls_ipv6"] = endpoint(ports["imaps"], "::1")
        ready = {
            "ready": True,
            "dir": folder,
            "ipv6": ipv6,
            "ca_file": made["ca_file"],
            "inspection_ca_file": made["inspection_ca_file"],
            "ca_bundle": made["ca_bundle"],
            "names": {name: {"issuer": spec["issuer"], "san": spec["san"], "days": list(spec["days"])}
                      for name, spec in certs.LEAVES.items()},
            "default_name": certs.DEFAULT_NAME,
            "users": {
                "good": {"username": dovecot.GOOD_USER, "password": password},
                "locked": {"username": dovecot.LOCKED_USER, "password": password,
                           "reason": dovecot.LOCKED_REASON},
                "smtp_app_password": {"username": smtp.APP_PASSWORD_USER},
            },
            "endpoints": endpoints,
            "logs": {"dovecot": imap_pop.log, "smtp": os.path.join(folder, "smtp.log"),
                     "socks": os.path.join(folder, "socks.log")},
            "startup_ms": int((time.monotonic() - started) * 1000),
        }
        sys.stdout.write(json.dumps(ready, sort_keys=True) + "\n")
        sys.stdout.flush()
        await wait_for_stop()
        for server in servers:
            server.close()
    finally:
        imap_pop.stop()


def main():
    return server_main.main(
        __doc__, lambda folder, args: asyncio.run(run(folder, not args.no_ipv6)),
        lambda parser: parser.add_argument("--no-ipv6", action="store_true", help="do not listen on ::1"))


if __name__ == "__main__":
    sys.exit(main())
