#!/usr/bin/python3
"""Real servers for the online-discovery tests, on loopback, on free ports, without root.

    discovery_servers.py --dir DIR

dnsmasq (the test zone .test: A, MX, SRV with "." targets, TXT; one domain answered SERVFAIL, one
never answered), an HTTPS server with a certificate from the probe servers' test CA and a plain
HTTP server, both serving autoconfig files and the hostile answers listed in README.md. Prints ONE
JSON line on stdout when everything answers, then runs until stdin closes or SIGTERM/SIGINT.
Every HTTP request is appended to DIR/requests.log ("METHOD SCHEME HOST PATH"), in order.
"""

import re
import ctypes
import http.server
import json
import os
import signal
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "probe", "servers"))

import certs  # noqa: E402
import server_main  # noqa: E402

HOST = "127.0.0.2"
START_TIMEOUT_SECONDS = 20
STALL_SECONDS = 30
BIG_BODY_BYTES = 50 * 1024 * 1024


def config(domain, servers, name=None):
    """A clientConfig document; servers: (kind, type, host, port, socketType)."""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', '<clientConfig version="1.1">',
             '  <emailProvider id="%s">' % domain, "    <domain>%s</domain>" % domain,
             "    <displayName>%s</displayName>" % (name or domain + " mail")]
    for kind, type_, host, port, socket_type in servers:
        parts += ['    <%sServer type="%s">' % (kind, type_), "      <hostname>%s</hostname>" % host,
                  "      <port>%d</port>" % port, "      <socketType>%s</socketType>" % socket_type,
                  "      <authentication>password-cleartext</authentication>",
                  "      <username>%EMAILADDRESS%</username>", "    </%sServer>" % kind]
    parts += ["  </emailProvider>", "</clientConfig>", ""]
    return "\n".join(parts).encode()


def standard(domain, name=None):
    return config(domain, [("incoming", "imap", "imap." + domain, 993, "SSL"),
                           ("outgoing", "smtp", "smtp." + domain, 465, "SSL")], name)


AUTOCONFIG = "/mail/config-v1.1.xml"
WELL_KNOWN = "/.well-known/autoconfig/mail/config-v1.1.xml"
AUTODISCOVER = "/autodiscover/autodiscover.xml"
ISPDB = "autoconfig.thunderbird.net"


def pox(ews_url):
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">'
            '<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">'
            "<Account><AccountType>email</AccountType><Action>settings</Action>"
            "<Protocol><Type>EXCH</Type><Server>%s</Server><EwsUrl>%s</EwsUrl></Protocol>"
            "</Account></Response></Autodiscover>\n" % (ews_url.split("/")[2], ews_url)).encode()


def pox_mail(address):
    """An on-premises Exchange answer that also publishes its IMAP and SMTP settings."""
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">'
            '<Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a">'
            "<Account><AccountType>email</AccountType><Action>settings</Action>"
            "<Protocol><Type>EXCH</Type><Server>exch01.poxmail.test</Server></Protocol>"
            "<Protocol><Type>IMAP</Type><Server>mail.poxmail.test</Server><Port>993</Port>"
            "<LoginName>%s</LoginName><SPA>off</SPA><SSL>on</SSL><AuthRequired>on</AuthRequired></Protocol>"
            "<Protocol><Type>SMTP</Type><Server>mail.poxmail.test</Server><Port>587</Port>"
            "<LoginName>%s</LoginName><SPA>off</SPA><Encryption>TLS</Encryption><AuthRequired>on</AuthRequired></Protocol>"
            "</Account></Response></Autodiscover>\n" % (address, address)).encode()


# (scheme, host, path) -> what to answer: bytes (200), ("redirect", URL), ("cache", seconds, bytes),
# "stall", "big".
HTTPS_ROUTES = {
    ("https", "autoconfig.auto.test", AUTOCONFIG): ("cache", 600, standard("auto.test", "Auto Test Mail")),
    ("https", "wk.test", WELL_KNOWN): standard("wk.test", "Well-Known Mail"),
    ("https", "autoconfig.both.test", AUTOCONFIG): standard("both.test", "Both by autoconfig"),
    ("https", "both.test", WELL_KNOWN): standard("both.test", "Both by well-known"),
    ("https", ISPDB, "/v1.1/listed.test"): standard("listed.test", "Listed in the ISPDB"),
    ("https", "autoconfig.hoster.test", AUTOCONFIG): standard("hoster.test", "Hoster Mail"),
    ("https", "autoconfig.broken.test", AUTOCONFIG): b'<?xml version="1.0"?>\n<clientConfig version="1.1"><emailProvider id="x">\n<domain>broken.test</domain>\n',
    ("https", "broken.test", WELL_KNOWN): standard("broken.test", "Broken, then well-known"),
    ("https", "autoconfig.big.test", AUTOCONFIG): "big",
    ("https", "autoconfig.loop.test", AUTOCONFIG): ("redirect", "https://autoconfig.loop.test/again.xml"),
    ("https", "autoconfig.loop.test", "/again.xml"): ("redirect", "https://autoconfig.loop.test" + AUTOCONFIG),
    ("https", "autoconfig.downgrade.test", AUTOCONFIG): ("redirect", "http://autoconfig.downgrade.test/elsewhere.xml"),
    ("http", "autoconfig.downgrade.test", "/elsewhere.xml"): standard("downgrade.test"),
    ("https", "autoconfig.stall.test", AUTOCONFIG): "stall",
    ("http", "autoconfig.plain.test", AUTOCONFIG): standard("plain.test", "Plain HTTP Mail"),
    ("https", "autoconfig.nocache.test", AUTOCONFIG): ("cache", 0, standard("nocache.test")),
    ("https", "autodiscover.exch.test", AUTODISCOVER): pox("https://outlook.office365.com/EWS/Exchange.asmx"),
    ("https", "ews.exsrv.test", AUTODISCOVER): pox("https://outlook.office365.com/EWS/Exchange.asmx"),
    ("https", "autodiscover.onprem.test", AUTODISCOVER): pox("https://mail.onprem.test/EWS/Exchange.asmx"),
    ("https", "autodiscover.poxmail.test", AUTODISCOVER): "pox-mail",
}

DOMAINS = ["auto.test", "wk.test", "both.test", "listed.test", "hoster.test", "broken.test", "big.test", "loop.test",
           "downgrade.test", "stall.test", "plain.test", "nocache.test", "exch.test", "exsrv.test", "onprem.test",
           "m365.test", "hosted.test", "google.test", "srv.test", "mxsrv.test", "servfail.test", "dnsstall.test",
           "unknown.test", "exmail.test", "qqmx.test", "zohoeu.test",
           "poxmail.test", "qiye.test"]
EXTRA_NAMES = [ISPDB, "ews.exsrv.test"]


def web_names():
    names = []
    for d in DOMAINS:
        names += [d, "autoconfig." + d, "autodiscover." + d]
    return names + EXTRA_NAMES


def dnsmasq_records(servfail_port, silent_port):
    r = ["--mx-host=m365.test,corp-test.mail.protection.outlook.com,10",
         "--mx-host=m365.test,backup.m365.test,20",
         "--mx-host=hosted.test,mx1.mail.hoster.test,10",
         "--mx-host=google.test,aspmx.l.google.com,1",
         "--mx-host=google.test,alt1.aspmx.l.google.com,5",
         "--mx-host=mxsrv.test,aspmx.l.google.com,1",
         # Tencent Exmail's MX hosts are under qq.com; another qq.com MX host is QQ Mail's.
         "--mx-host=exmail.test,mxbiz2.qq.com,10",
         "--mx-host=exmail.test,mxbiz1.qq.com,5",
         "--mx-host=qqmx.test,mx3.qq.com,10",
         "--mx-host=zohoeu.test,mx.zoho.eu,10",
         "--mx-host=qiye.test,mx.qiye.163.com,10",
         "--srv-host=_imaps._tcp.mxsrv.test,imap.mxsrv.test,993,0,1",
         # srv.test: IMAP over TLS preferred (priority 0, the heavier of two), STARTTLS later,
         # POP3 not offered (target "."), submission over STARTTLS.
         "--srv-host=_imaps._tcp.srv.test,imap-light.srv.test,993,0,1",
         "--srv-host=_imaps._tcp.srv.test,imap.srv.test,993,0,10",
         "--srv-host=_imap._tcp.srv.test,imap.srv.test,143,10,1",
         "--srv-host=_pop3s._tcp.srv.test",
         "--srv-host=_pop3._tcp.srv.test",
         "--srv-host=_submission._tcp.srv.test,smtp.srv.test,587,0,1",
         "--srv-host=_autodiscover._tcp.exsrv.test,ews.exsrv.test,443,0,1",
         "--txt-record=auto.test,v=spf1 -all",
         "--server=/servfail.test/%s#%d" % (HOST, servfail_port),
         "--server=/dnsstall.test/%s#%d" % (HOST, silent_port)]
    for name in web_names():
        if name.endswith(".test"):
            r.append("--host-record=%s,%s" % (name, HOST))
    return r


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    scheme = "https"
    log_file = None
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def answer(self, method):
        host = (self.headers.get("Host") or "").split(":")[0].lower()
        path = self.path.split("?")[0]
        with Handler.lock:
            with open(Handler.log_file, "a") as log:
                log.write("%s %s %s %s\n" % (method, self.scheme, host, path))
        posted = b""
        if method == "POST":
            posted = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        what = HTTPS_ROUTES.get((self.scheme, host, path))
        if what is None:
            return self.send_body(404, b"not found\n")
        if what == "stall":
            time.sleep(STALL_SECONDS)
            return self.send_body(200, standard(host))
        if what == "big":
            return self.send_big()
        if what == "pox-mail":
            asked = re.search(rb"<EMailAddress>([^<]*)</EMailAddress>", posted)
            return self.send_body(200, pox_mail(asked.group(1).decode() if asked else ""))
        if isinstance(what, tuple) and what[0] == "redirect":
            self.send_response(302)
            self.send_header("Location", what[1])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if isinstance(what, tuple) and what[0] == "cache":
            return self.send_body(200, what[2], "no-store" if what[1] == 0 else "max-age=%d" % what[1])
        return self.send_body(200, what)

    def send_body(self, status, body, cache_control=None):
        self.send_response(status)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        if cache_control:
            self.send_header("Cache-Control", cache_control)
        self.end_headers()
        self.wfile.write(body)

    def send_big(self):
        """50 MB without a Content-Length: the client must stop reading by itself."""
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<!-- " + b"x" * 65526 + b" -->\n"
        try:
            for _ in range(BIG_BODY_BYTES // len(chunk)):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
            pass
        self.close_connection = True

    def do_GET(self):
        self.answer("GET")

    def do_POST(self):
        self.answer("POST")


class PlainHandler(Handler):
    scheme = "http"


class LoopbackHTTPServer(http.server.ThreadingHTTPServer):
    """http.server's server without its reverse lookup of the address (socket.getfqdn), which would
    ask the machine's DNS servers: the tests talk to loopback only."""

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name = HOST
        self.server_port = self.server_address[1]


def web_server(handler, context=None):
    server = LoopbackHTTPServer((HOST, 0), handler)
    server.daemon_threads = True
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def servfail_responder():
    """A UDP DNS server that answers every query SERVFAIL (dnsmasq forwards servfail.test here)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((HOST, 0))

    def serve():
        while True:
            try:
                data, peer = s.recvfrom(4096)
            except OSError:
                return
            if len(data) >= 12:
                s.sendto(data[:2] + bytes([0x81, 0x82]) + data[4:6] + b"\0\0\0\0\0\0" + data[12:], peer)

    threading.Thread(target=serve, daemon=True).start()
    return s


def silent_udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((HOST, 0))
    return s


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def dns_query(name, qtype):
    question = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + qtype.to_bytes(2, "big") + b"\0\1"
    return b"\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00" + question


def _stop_with_parent():
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_dnsmasq(folder, port, records, deadline):
    args = ["dnsmasq", "--no-daemon", "--conf-file=/dev/null", "--listen-address=" + HOST, "--bind-interfaces",
            "--port=%d" % port, "--no-resolv", "--no-hosts", "--local=/test/", "--local-ttl=300", "--pid-file=",
            "--log-facility=" + os.path.join(folder, "dnsmasq.log"), "--log-queries"]
    if os.geteuid() == 0:
        args.append("--user=root")
    log = open(os.path.join(folder, "dnsmasq.stderr"), "w")
    proc = subprocess.Popen(args + records, stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                            start_new_session=True, preexec_fn=_stop_with_parent)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.1)
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                with open(os.path.join(folder, "dnsmasq.stderr")) as f:
                    raise RuntimeError("dnsmasq exited: " + f.read().strip().replace("\n", " "))
            try:
                s.sendto(dns_query("auto.test", 16), (HOST, port))
                s.recvfrom(4096)
                return proc
            except OSError:
                continue
    proc.kill()
    raise RuntimeError("dnsmasq did not answer within %d s" % START_TIMEOUT_SECONDS)


def wait_for_stop():
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    def watch_stdin():
        try:
            while os.read(sys.stdin.fileno(), 4096):
                pass
        except OSError:
            pass
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    while not stop.wait(0.2):
        pass


def run(folder):
    started = time.monotonic()
    deadline = started + START_TIMEOUT_SECONDS
    Handler.log_file = os.path.join(folder, "requests.log")
    open(Handler.log_file, "w").close()
    leaf = {"web.test": {"issuer": "test", "san": ["DNS:" + n for n in web_names()], "days": (-1, 365)}}
    made = certs.make_all(os.path.join(folder, "certs"), leaf)
    key, cert = made["leaves"]["web.test"]
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    https = web_server(Handler, context)
    plain = web_server(PlainHandler)
    servfail = servfail_responder()
    silent = silent_udp()
    dns_port = free_udp_port()
    dnsmasq = start_dnsmasq(folder, dns_port, dnsmasq_records(servfail.getsockname()[1], silent.getsockname()[1]),
                            deadline)
    try:
        https_port, http_port = https.server_address[1], plain.server_address[1]
        connect_to = []
        for name in web_names():
            connect_to += ["%s:443:%s:%d" % (name, HOST, https_port), "%s:80:%s:%d" % (name, HOST, http_port)]
        ready = {"ready": True, "dir": folder, "ca_file": made["ca_file"],
                 "https": {"host": HOST, "port": https_port}, "http": {"host": HOST, "port": http_port},
                 "dns": {"host": HOST, "port": dns_port}, "connect_to": connect_to,
                 "requests_log": Handler.log_file, "dnsmasq_log": os.path.join(folder, "dnsmasq.log"),
                 "startup_ms": int((time.monotonic() - started) * 1000)}
        sys.stdout.write(json.dumps(ready, sort_keys=True) + "\n")
        sys.stdout.flush()
        wait_for_stop()
    finally:
        dnsmasq.terminate()
        try:
            dnsmasq.wait(5)
        except subprocess.TimeoutExpired:
            dnsmasq.kill()
        https.shutdown()
        plain.shutdown()


def main():
    return server_main.main(__doc__, lambda folder, args: run(folder))


if __name__ == "__main__":
    sys.exit(main())
