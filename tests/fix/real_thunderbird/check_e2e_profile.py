# Starts Thunderbird on the profile and asks it, for each mail server, whether it finds a saved
# password for the server's user without asking (true/false only: no secret is returned).
import sys, os, time
sys.path.insert(0, os.path.dirname(__file__))
from marionette import Marionette, start, quit
prof = sys.argv[1]
p = start(prof, 2831); m = Marionette(2831)
print(m.js('''
const out = [];
for (const s of MailServices.accounts.allServers) {
  if (s.type != "pop3" && s.type != "imap") continue;
  const origin = s.localStoreType + "://" + s.hostname;
  const logins = await Services.logins.searchLoginsAsync({ origin, httpRealm: origin });
  let direct = "n/a";
  try { direct = !!s.wrappedJSObject._getPasswordWithoutUI(); } catch (e) { direct = "error " + e; }
  out.push(s.type + " " + s.hostname + ": saved login found=" + logins.some(l => l.username == s.username) + ", _getPasswordWithoutUI=" + direct);
}
for (const s of MailServices.outgoingServer.servers) {
  const smtp = s.QueryInterface(Ci.nsISmtpServer);
  const origin = "smtp://" + smtp.hostname;
  const logins = await Services.logins.searchLoginsAsync({ origin, httpRealm: origin });
  out.push("smtp " + smtp.hostname + ": saved login found=" + logins.some(l => l.username == smtp.username));
}
out.push("all origins: " + (await Services.logins.getAllLogins()).map(l => l.origin).join(" "));
return out.join("\\n");
'''))
quit(m, p)
