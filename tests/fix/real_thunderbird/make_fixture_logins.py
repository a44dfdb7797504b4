import sys, os, time
sys.path.insert(0, os.path.dirname(__file__))
from marionette import Marionette, start, quit
prof = sys.argv[1]; os.makedirs(prof, exist_ok=True)
with open(os.path.join(prof, "user.js"), "w") as f:
    f.write('user_pref("marionette.port", 2829);\nuser_pref("mail.provider.suppress_dialog_on_startup", true);\nuser_pref("mail.shell.checkDefaultClient", false);\n')
p = start(prof, 2829); m = Marionette(2829)
print(m.js('''
const add = (origin, user) => { const l = Cc["@mozilla.org/login-manager/loginInfo;1"].createInstance(Ci.nsILoginInfo);
  l.init(origin, null, origin, user, "fixture-secret", "", ""); return Services.logins.addLoginAsync(l); };
await add("imap://imap.example.com", "alice@example.com");
await add("mailbox://pop3.live.com", "alice.example@outlook.com");
await add("smtp://smtp.live.com", "alice.example@outlook.com");
await add("smtp://smtp.example.com", "alice@example.com");
const web = Cc["@mozilla.org/login-manager/loginInfo;1"].createInstance(Ci.nsILoginInfo);
web.init("https://www.example.net", "https://www.example.net", null, "alice", "fixture-secret", "user", "pass");
await Services.logins.addLoginAsync(web);
return (await Services.logins.getAllLogins()).length + " logins";
'''))
time.sleep(3)
quit(m, p)
os.remove(os.path.join(prof, "user.js"))
