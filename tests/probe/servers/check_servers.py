#!/usr/bin/python3
"""Smoke test of the probe test servers (ctest entry "probe_servers"), without mailmend's engine.

Starts servers.py in a fresh temporary folder, then checks each endpoint with Python's ssl,
imaplib, poplib and raw sockets (and once with `openssl s_client -starttls imap`): the texts,
capabilities, certificates and misbehaviour the probe tests will rely on. Prints one line per
failed check and exits 1 if any failed.
"""

import base64
import datetime
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT_ADDRESS = "127.0.0.1"  # not the servers' own address, so Dovecot treats us as insecure
TIMEOUT = 10
failures = []


def check(condition, what, detail=""):
    if not condition:
        failures.append("%s%s" % (what, (": " + detail) if detail else ""))


class Harness:
    def __enter__(self):
        self.folder = tempfile.mkdtemp(prefix="mailmend-servers-")
        started = time.monotonic()
        self.process = subprocess.Popen([sys.executable, os.path.join(HERE, "servers.py"), "--dir", self.folder],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        self.wall_ms = int((time.monotonic() - started) * 1000)
        if not line:
            raise SystemExit("probe_servers: the harness exited before it was ready (code %s)" % self.process.wait())
        self.info = json.loads(line)
        return self

    def __exit__(self, *exc):
        self.process.stdin.close()
        self.process.wait(timeout=15)
        shutil.rmtree(self.folder, ignore_errors=True)


def connect(ep, source=CLIENT_ADDRESS):
    family = socket.AF_INET6 if ":" in ep["host"] else socket.AF_INET
    s = socket.socket(family)
    s.settimeout(TIMEOUT)
    if family == socket.AF_INET and source:
        s.bind((source, 0))
    s.connect((ep["host"], ep["port"]))
    return s


def client_context(cafile, minimum=ssl.TLSVersion.TLSv1_2):
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.minimum_version = minimum
    return ctx


class Lines:
    """Line reader over a socket (plain or TLS) that keeps bytes after the last line."""

    def __init__(self, sock):
        self.sock, self.buf = sock, b""

    def line(self):
        searched = 0  # only new bytes are searched: a 10 MB line stays linear
        while (end := self.buf.find(b"\r\n", searched)) < 0:
            searched = max(0, len(self.buf) - 1)
            data = self.sock.recv(1 << 20)
            if not data:
                raise EOFError(self.buf)
            self.buf += data
        line, self.buf = self.buf[:end], self.buf[end + 2:]
        return line.decode("latin-1")

    def until_tagged(self, tag):
        lines = []
        while True:
            lines.append(self.line())
            if lines[-1].startswith(tag + " "):
                return lines

    def smtp_reply(self):
        lines = [self.line()]
        while lines[-1][3:4] == "-":
            lines.append(self.line())
        return lines

    def send(self, text):
        self.sock.sendall(text.encode() + b"\r\n")


def tls_wrap(sock, ctx, name):
    """TLS over `sock` with SNI `name`; returns (tls socket or None, verify error code or 0)."""
    try:
        return ctx.wrap_socket(sock, server_hostname=name), 0
    except ssl.SSLCertVerificationError as e:
        return None, e.verify_code


def unverified_certificate(sock, name):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    tls = ctx.wrap_socket(sock, server_hostname=name)
    der = tls.getpeercert(binary_form=True)
    tls.close()
    return der


def certificate_fields(der):
    out = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-subject", "-issuer", "-enddate",
                          "-nameopt", "RFC2253"], input=der, stdout=subprocess.PIPE, check=True).stdout.decode()
    fields = dict(line.split("=", 1) for line in out.strip().splitlines())
    end = datetime.datetime.strptime(fields["notAfter"], "%b %d %H:%M:%S %Y GMT")
    fields["days_left"] = (end - datetime.datetime.utcnow()).days
    return fields


# What each SNI name must give: the verify error with the CA bundle (0 = trusted), the subject.
EXPECTED_CERTIFICATES = {
    "good.test": (0, "CN=good.test"),
    "expired.test": (10, "CN=expired.test"),       # X509_V_ERR_CERT_HAS_EXPIRED
    "notyet.test": (9, "CN=notyet.test"),          # X509_V_ERR_CERT_NOT_YET_VALID
    "soon.test": (0, "CN=soon.test"),
    "wronghost.test": (62, "CN=other.example"),    # X509_V_ERR_HOSTNAME_MISMATCH
    "selfsigned.test": (18, "CN=selfsigned.test"),  # X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT
    "inspected.test": (0, "CN=inspected.test"),
    "unknown-name.test": (62, "CN=good.test"),     # an unknown name gets the default certificate
}


def implicit(ep, name):
    return connect(ep)


def imap_starttls(ep, name):
    s = connect(ep)
    r = Lines(s)
    r.line()
    r.send("a STARTTLS")
    r.until_tagged("a")
    return s


def pop3_starttls(ep, name):
    s = connect(ep)
    r = Lines(s)
    r.line()
    r.send("STLS")
    r.line()
    return s


def smtp_starttls(ep, name):
    s = connect(ep)
    r = Lines(s)
    r.smtp_reply()
    r.send("EHLO probe.test")
    r.smtp_reply()
    r.send("STARTTLS")
    r.smtp_reply()
    return s


def check_certificates(info):
    e = info["endpoints"]
    openers = {
        "imap_tls": implicit, "pop3_tls": implicit, "smtp_tls": implicit,
        "imap_starttls": imap_starttls, "pop3_starttls": pop3_starttls, "smtp_starttls": smtp_starttls,
    }
    bundle = client_context(info["ca_bundle"])
    for endpoint_name, opener in openers.items():
        for name, (verify_code, subject) in EXPECTED_CERTIFICATES.items():
            where = "%s %s" % (endpoint_name, name)
            tls, code = tls_wrap(opener(e[endpoint_name], name), bundle, name)
            check(code == verify_code, where + ": verify code", "%d, expected %d" % (code, verify_code))
            if tls:
                tls.close()
            fields = certificate_fields(unverified_certificate(opener(e[endpoint_name], name), name))
            check(fields["subject"] == subject, where + ": subject", fields["subject"])
            if name == "soon.test":
                check(3 <= fields["days_left"] <= 5, where + ": days left", str(fields["days_left"]))
            if name == "inspected.test":
                check("CN=Avast Web/Mail Shield Root" in fields["issuer"], where + ": issuer", fields["issuer"])
    # Without the inspection root the Avast-issued leaf is untrusted.
    tls, code = tls_wrap(connect(e["imap_tls"]), client_context(info["ca_file"]), "inspected.test")
    check(code == 20, "inspected.test with the test CA only: verify code", str(code))  # unable to get local issuer
    # The same, seen by openssl s_client over IMAP STARTTLS.
    out = subprocess.run(["openssl", "s_client", "-starttls", "imap", "-servername", "expired.test",
                          "-connect", "%s:%d" % (e["imap_starttls"]["host"], e["imap_starttls"]["port"]),
                          "-CAfile", info["ca_file"], "-verify_hostname", "expired.test"],
                         input=b"", stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=TIMEOUT).stdout
    check(b"Verify return code: 10 (certificate has expired)" in out, "openssl s_client -starttls imap expired.test",
          out.decode(errors="replace")[-300:])


def imap_login(ep, info, name, user, password):
    tls = client_context(info["ca_file"]).wrap_socket(connect(ep), server_hostname=name)
    r = Lines(tls)
    r.line()
    r.send('a LOGIN "%s" "%s"' % (user, password))
    return r.until_tagged("a")[-1]


def pop3_login(ep, info, user, password):
    tls = client_context(info["ca_file"]).wrap_socket(connect(ep), server_hostname="good.test")
    r = Lines(tls)
    r.line()
    r.send("USER " + user)
    r.line()
    r.send("PASS " + password)
    return r.line()


def check_imap_pop3(info):
    e = info["endpoints"]
    good, locked = info["users"]["good"], info["users"]["locked"]
    r = Lines(connect(e["imap_starttls"]))
    greeting = r.line()
    check("STARTTLS" in greeting and "LOGINDISABLED" in greeting, "IMAP greeting from 127.0.0.1", greeting)
    r.send("a CAPABILITY")
    caps = r.until_tagged("a")[0]
    check("LOGINDISABLED" in caps and "AUTH=" not in caps, "IMAP CAPABILITY before TLS", caps)
    r.send('b LOGIN "%s" "%s"' % (good["username"], "not-the-password"))
    refusal = r.until_tagged("b")[-1]
    check(refusal == "b NO [PRIVACYREQUIRED] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.",
          "IMAP LOGIN before TLS", refusal)
    # From the servers' own address Dovecot considers the connection secure: why we use two addresses.
    same = Lines(connect(e["imap_starttls"], source=e["imap_starttls"]["host"])).line()
    check("LOGINDISABLED" not in same, "IMAP greeting from 127.0.0.2 (secure for Dovecot)", same)
    tls = client_context(info["ca_file"]).wrap_socket(imap_starttls(e["imap_starttls"], "good.test"),
                                                      server_hostname="good.test")
    r = Lines(tls)
    r.send("a CAPABILITY")
    caps = r.until_tagged("a")[0]
    check(caps.endswith(" AUTH=PLAIN AUTH=LOGIN AUTH=CRAM-MD5") and "LOGINDISABLED" not in caps,
          "IMAP CAPABILITY after STARTTLS", caps)

    ok = imap_login(e["imap_tls"], info, "good.test", good["username"], good["password"])
    check(ok.startswith("a OK") and ok.endswith("Logged in"), "IMAP login of the good user", ok)
    bad = imap_login(e["imap_tls"], info, "good.test", good["username"], "not-the-password")
    check(bad == "a NO [AUTHENTICATIONFAILED] Authentication failed.", "IMAP login with a wrong password", bad)
    gone = imap_login(e["imap_tls"], info, "good.test", locked["username"], locked["password"])
    check(gone == "a NO [CONTACTADMIN] " + locked["reason"], "IMAP login of the locked user", gone)

    r = Lines(connect(e["pop3_starttls"]))
    check(r.line().startswith("+OK"), "POP3 greeting")
    r.send("CAPA")
    capa = []
    while not capa or capa[-1] != ".":
        capa.append(r.line())
    check("STLS" in capa and "SASL" in capa and not any(c.startswith("SASL ") for c in capa),
          "POP3 CAPA before TLS (STLS, empty SASL)", " | ".join(capa))
    r.send("USER " + good["username"])
    r.line()
    r.send("PASS not-the-password")
    refusal = r.line()
    check(refusal == "-ERR [AUTH] Plaintext authentication disallowed on non-secure (SSL/TLS) connections.",
          "POP3 PASS before TLS", refusal)
    ok = pop3_login(e["pop3_tls"], info, good["username"], good["password"])
    check(ok == "+OK Logged in.", "POP3 login of the good user", ok)
    gone = pop3_login(e["pop3_tls"], info, locked["username"], locked["password"])
    check(gone == "-ERR [AUTH] " + locked["reason"], "POP3 login of the locked user", gone)

    if info["ipv6"]:
        tls = client_context(info["ca_file"]).wrap_socket(connect(e["imap_tls_ipv6"]), server_hostname="good.test")
        greeting = Lines(tls).line()
        check(greeting.startswith("* OK"), "IMAPS on ::1", greeting)


def smtp_auth(r, user, password):
    r.send("AUTH PLAIN " + base64.b64encode(("\0%s\0%s" % (user, password)).encode()).decode())
    return r.smtp_reply()


def check_smtp(info):
    e = info["endpoints"]
    good = info["users"]["good"]
    r = Lines(connect(e["smtp_starttls"]))
    check(r.smtp_reply()[0].startswith("220 "), "SMTP greeting")
    r.send("EHLO probe.test")
    ehlo = r.smtp_reply()
    check(any(l[4:] == "STARTTLS" for l in ehlo) and not any(l[4:].startswith("AUTH") for l in ehlo),
          "SMTP EHLO before TLS (STARTTLS, no AUTH)", " | ".join(ehlo))
    refusal = smtp_auth(r, good["username"], good["password"])
    check(refusal == ["530 Must issue a STARTTLS command first"], "SMTP AUTH before TLS", " | ".join(refusal))
    r.send("MAIL FROM:<someone@good.test>")
    refusal = r.smtp_reply()
    check(refusal == ["530 Must issue a STARTTLS command first"], "SMTP MAIL before TLS", " | ".join(refusal))

    tls = client_context(info["ca_file"]).wrap_socket(smtp_starttls(e["smtp_starttls"], "good.test"),
                                                      server_hostname="good.test")
    r = Lines(tls)
    r.send("EHLO probe.test")
    ehlo = r.smtp_reply()
    check("250-AUTH LOGIN PLAIN XOAUTH2" in ehlo, "SMTP EHLO after STARTTLS", " | ".join(ehlo))
    check(smtp_auth(r, good["username"], good["password"]) == ["235 2.7.0 Authentication successful"],
          "SMTP AUTH after STARTTLS")

    def implicit_auth(user, password):
        r = Lines(client_context(info["ca_file"]).wrap_socket(connect(e["smtp_tls"]), server_hostname="good.test"))
        r.smtp_reply()
        r.send("EHLO probe.test")
        check("250-AUTH LOGIN PLAIN XOAUTH2" in r.smtp_reply(), "SMTP EHLO on the implicit-TLS port")
        return smtp_auth(r, user, password)

    got = implicit_auth(good["username"], good["password"])
    check(got == ["235 2.7.0 Authentication successful"], "SMTPS good user", " | ".join(got))
    got = implicit_auth(good["username"], "not-the-password")
    check(got == ["535 5.7.8 Authentication credentials invalid"], "SMTPS wrong password", " | ".join(got))
    got = implicit_auth(info["users"]["smtp_app_password"]["username"], good["password"])
    check(got == ["534-5.7.9 Application-specific password required. Learn more at",
                  "534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor"],
          "SMTPS application-specific password user", " | ".join(got))


def read_for(sock, seconds, limit):
    """Bytes received within `seconds` (stopping at `limit` bytes or end of stream)."""
    data = b""
    deadline = time.monotonic() + seconds
    while len(data) < limit and time.monotonic() < deadline:
        sock.settimeout(max(0.01, deadline - time.monotonic()))
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            return data, True
        data += chunk
    return data, False


def check_hostile(info):
    e = info["endpoints"]
    data, ended = read_for(connect(e["silent"]), 0.5, 1)
    check(data == b"" and not ended, "silent port says nothing and stays open")

    data, _ = read_for(connect(e["endless_line"]), 5, 2 * 1024 * 1024)
    check(len(data) >= 2 * 1024 * 1024 and b"\n" not in data, "endless line", "%d bytes" % len(data))

    s = connect(e["huge_capability"])
    r = Lines(s)
    r.line()
    r.send("a CAPABILITY")
    caps = r.line()
    check(caps.startswith("* CAPABILITY IMAP4rev1 X-") and len(caps) >= 10 * 1000 * 1000,
          "10 MB capability line", "%d bytes" % len(caps))

    data, _ = read_for(connect(e["garbage"]), 5, 1024 * 1024)
    check(len(data) == 1024 * 1024 and b"\0" in data, "binary garbage", "%d bytes" % len(data))

    try:
        client_context(info["ca_file"]).wrap_socket(connect(e["tls_alert"]), server_hostname="good.test")
        check(False, "TLS alert port completed a handshake")
    except ssl.SSLError as err:
        check("SSLV3_ALERT_HANDSHAKE_FAILURE" in str(err), "TLS alert port", str(err))

    data, ended = read_for(connect(e["half_close"]), 2, 100)
    check(data == b"* OK partial gree" and ended, "half-close after a partial greeting", repr(data))

    s = connect(e["starttls_injection"])
    r = Lines(s)
    r.line()
    r.send("a STARTTLS")
    check(r.line() == "a OK Begin TLS negotiation now", "injection: STARTTLS go-ahead")
    time.sleep(0.2)
    injected, _ = read_for(s, 0.3, 4096)
    injected = r.buf + injected
    check(injected.startswith(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] injected"), "injection: bytes after the OK",
          repr(injected))
    tls = client_context(info["ca_file"]).wrap_socket(s, server_hostname="good.test")
    check(tls.version() in ("TLSv1.2", "TLSv1.3"), "injection: TLS after STARTTLS")

    old = ssl.create_default_context(cafile=info["ca_file"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        old.minimum_version = ssl.TLSVersion.TLSv1
    old.set_ciphers("DEFAULT:@SECLEVEL=0")
    tls = old.wrap_socket(connect(e["imap_old_tls"]), server_hostname="good.test")
    check(tls.version() == "TLSv1.1", "old TLS port speaks TLS 1.1", tls.version())
    try:
        client_context(info["ca_file"]).wrap_socket(connect(e["imap_old_tls"]), server_hostname="good.test")
        check(False, "old TLS port accepted a TLS 1.2-only client")
    except ssl.SSLError:
        pass

    try:
        connect(e["closed"])
        check(False, "closed port accepted a connection")
    except ConnectionRefusedError:
        pass


def check_added(info):
    """The plain IMAP port, the login-code server and the SOCKS5 proxy."""
    e = info["endpoints"]
    plain = connect(e["imap_plain"])
    greeting = plain.recv(4096)
    check(greeting == b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] plain test server ready\r\n", "plain IMAP greeting", repr(greeting))
    plain.close()
    for user, reply in ((b"unavailable", b"a1 NO [UNAVAILABLE] Temporary authentication failure."),
                        (b"disabled", b"a1 NO [ALERT] Your account is not enabled for IMAP use."),
                        (b"apppassword", b"a1 NO [ALERT] Application-specific password required: "),
                        (b"x", b"a1 NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)")):
        tls = client_context(info["ca_file"]).wrap_socket(connect(e["imap_login_codes"]), server_hostname="good.test")
        tls.recv(4096)
        tls.sendall(b"a1 AUTHENTICATE PLAIN " + base64.b64encode(b"\0" + user + b"\0pw") + b"\r\n")
        answer = tls.recv(4096)
        check(answer.startswith(reply), "login codes: %s" % user.decode(), repr(answer))
        tls.close()
    proxy = connect(e["socks5"])
    proxy.sendall(b"\x05\x01\x00")
    check(proxy.recv(2) == b"\x05\x00", "SOCKS5 method: no authentication")
    name = b"good.test"
    proxy.sendall(b"\x05\x01\x00\x03" + bytes([len(name)]) + name + e["imap_starttls"]["port"].to_bytes(2, "big"))
    check(proxy.recv(10)[:2] == b"\x05\x00", "SOCKS5 CONNECT good.test succeeds")
    check(proxy.recv(4096).startswith(b"* OK [CAPABILITY IMAP4rev1 "), "Dovecot greets through the SOCKS5 proxy")
    proxy.close()
    proxy = connect(e["socks5"])
    proxy.sendall(b"\x05\x01\x00")
    proxy.recv(2)
    proxy.sendall(b"\x05\x01\x00\x01" + socket.inet_aton(e["closed"]["host"]) + e["closed"]["port"].to_bytes(2, "big"))
    check(proxy.recv(10)[:2] == b"\x05\x05", "SOCKS5 CONNECT to a closed port: connection refused (5)")
    proxy.close()
    time.sleep(0.2)
    with open(info["logs"]["socks"]) as log:
        lines = log.read().splitlines()
    check(lines == ["CONNECT good.test:%d ok" % e["imap_starttls"]["port"], "CONNECT %s:%d refused" % (e["closed"]["host"], e["closed"]["port"])],
          "SOCKS5 log", repr(lines))


def main():
    with Harness() as harness:
        info = harness.info
        print("probe_servers: harness ready in %d ms (its own count: %d ms)" % (harness.wall_ms, info["startup_ms"]))
        for group in (check_certificates, check_imap_pop3, check_smtp, check_hostile, check_added):
            started = time.monotonic()
            try:
                group(info)
            except Exception as err:  # one broken group must not hide the others' results
                failures.append("%s stopped: %s: %s" % (group.__name__, type(err).__name__, err))
            print("probe_servers: %s took %d ms" % (group.__name__, (time.monotonic() - started) * 1000))
    for failure in failures:
        print("FAILED: " + failure)
    print("probe_servers: %s" % ("%d failed" % len(failures) if failures else "all checks passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
