# Which of Thunderbird's proxies carry IMAP, POP3 and SMTP: a SOCKS listener and an HTTP listener
# record what connects; Thunderbird is driven over Marionette.
import sys, os, time, socket, threading, json
sys.path.insert(0, os.path.dirname(__file__))
from marionette import Marionette, start, quit
log = []
def listener(port, kind):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", port)); s.listen(20)
    def serve(c):
        try:
            c.settimeout(3); data = c.recv(512)
            if kind == "socks" and data[:1] == b"\x05":
                c.sendall(b"\x05\x00"); req = c.recv(512)
                atyp = req[3]; dest = req[5:5+req[4]].decode() if atyp == 3 else req[4:-2].hex()
                log.append((time.time(), kind, "socks5 CONNECT", "name" if atyp == 3 else "address", dest, int.from_bytes(req[-2:], "big")))
                c.sendall(b"\x05\x01\x00\x01\x00\x00\x00\x00\x00\x00")
            elif kind == "socks" and data[:1] == b"\x04":
                log.append((time.time(), kind, "socks4", data[:80].hex()))
            else:
                log.append((time.time(), kind, data[:80].decode("latin1")))
        except Exception as e:
            log.append((time.time(), kind, "error " + str(e)))
        c.close()
    while True:
        c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()
for port, kind in ((18080, "http"), (11080, "socks")):
    threading.Thread(target=listener, args=(port, kind), daemon=True).start()
prof = sys.argv[1]; os.makedirs(prof, exist_ok=True)
PAC = os.path.join(prof, "proxy.pac")
with open(os.path.join(prof, "user.js"), "w") as f:
    f.write('''user_pref("marionette.port", 2830);
user_pref("mail.provider.suppress_dialog_on_startup", true);
user_pref("mail.shell.checkDefaultClient", false);
user_pref("mail.accountmanager.accounts", "account1,account2");
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.account.account2.identities", "id1");
user_pref("mail.account.account2.server", "server2");
user_pref("mail.identity.id1.useremail", "alice@example.com");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.server.server1.hostname", "imap.example.com");
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.userName", "alice");
user_pref("mail.server.server1.port", 993);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server2.hostname", "pop.example.com");
user_pref("mail.server.server2.type", "pop3");
user_pref("mail.server.server2.userName", "alice");
user_pref("mail.server.server2.port", 995);
user_pref("mail.server.server2.socketType", 3);
user_pref("mail.smtpservers", "smtp1");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.example.com");
user_pref("mail.smtpserver.smtp1.username", "alice");
user_pref("mail.smtpserver.smtp1.port", 465);
user_pref("mail.smtpserver.smtp1.try_ssl", 3);
''')
p = start(prof, 2830); m = Marionette(2830)
print("defaults:", m.js('''const P = Services.prefs; return ["network.proxy.type","network.proxy.socks_remote_dns","network.proxy.socks5_remote_dns","network.proxy.allow_hijacking_localhost"].map(n => { try { return n + "=" + (P.getPrefType(n) == P.PREF_BOOL ? P.getBoolPref(n) : P.getIntPref(n)); } catch (e) { return n + " unset"; } }).join(" ");'''))
trigger = '''
const l = { OnStartRunningUrl() {}, OnStopRunningUrl() {} };
const out = [];
for (const s of MailServices.accounts.allServers) { if (s.type == "imap" || s.type == "pop3") { try { s.verifyLogon(l, null); out.push(s.type); } catch (e) { out.push(s.type + " " + e); } } }
try { const smtp = MailServices.outgoingServer.servers[0]; smtp.verifyLogon(l, null); out.push("smtp"); } catch (e) { out.push("smtp " + e); }
return out.join(", ");
'''
open(PAC, "w").write('function FindProxyForURL(url, host) { return "SOCKS5 127.0.0.1:11080"; }\n')
cases = {
  "A manual SOCKS5 + HTTP/SSL": 'P.setIntPref("network.proxy.type",1); P.setStringPref("network.proxy.socks","127.0.0.1"); P.setIntPref("network.proxy.socks_port",11080); P.setIntPref("network.proxy.socks_version",5); P.setStringPref("network.proxy.http","127.0.0.1"); P.setIntPref("network.proxy.http_port",18080); P.setStringPref("network.proxy.ssl","127.0.0.1"); P.setIntPref("network.proxy.ssl_port",18080);',
  "B manual HTTP/SSL only": 'P.setStringPref("network.proxy.socks",""); P.setIntPref("network.proxy.socks_port",0);',
  "C SOCKS5, socks5_remote_dns false, socks_remote_dns true": 'P.setStringPref("network.proxy.http",""); P.setStringPref("network.proxy.ssl",""); P.setStringPref("network.proxy.socks","127.0.0.1"); P.setIntPref("network.proxy.socks_port",11080); P.setBoolPref("network.proxy.socks5_remote_dns", false); P.setBoolPref("network.proxy.socks_remote_dns", true);',
  "D PAC file returning SOCKS5": 'P.setIntPref("network.proxy.type",2); P.setStringPref("network.proxy.autoconfig_url",file://' + PAC + '); P.setBoolPref("network.proxy.socks5_remote_dns", true); P.setStringPref("network.proxy.socks",""); Cc["@mozilla.org/network/protocol-proxy-service;1"].getService(Ci.nsIProtocolProxyService).reloadPAC(); const { setTimeout } = ChromeUtils.importESModule("resource://gre/modules/Timer.sys.mjs"); await new Promise(r => setTimeout(r, 2000));',
  "E manual SOCKS4, socks_remote_dns true": 'P.setIntPref("network.proxy.type",1); P.setStringPref("network.proxy.socks","127.0.0.1"); P.setIntPref("network.proxy.socks_version",4);',
}
for name, setup in cases.items():
    t0 = time.time()
    for attempt in range(3):
        try:
            print(name, "->", m.js("const P = Services.prefs; " + setup + trigger)); break
        except SystemExit as e:
            print("  (retry after:", str(e)[:120], ")"); time.sleep(2)
    time.sleep(8)
    print("  seen:", [e[1:] for e in log if e[0] >= t0])
quit(m, p)
