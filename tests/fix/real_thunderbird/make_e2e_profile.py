# A Thunderbird 153 profile with a POP3 account on the retired pop3.live.com and SMTP smtp.live.com,
# and their passwords saved by Thunderbird itself (test secrets).
import sys, os, time
sys.path.insert(0, os.path.dirname(__file__))
from marionette import Marionette, start, quit
prof = sys.argv[1]; os.makedirs(prof, exist_ok=True)
with open(os.path.join(prof, "user.js"), "w") as f:
    f.write('''user_pref("marionette.port", 2831);
user_pref("mail.provider.suppress_dialog_on_startup", true);
user_pref("mail.shell.checkDefaultClient", false);
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.identity.id1.useremail", "alice.example@outlook.com");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.server.server1.hostname", "pop3.live.com");
user_pref("mail.server.server1.type", "pop3");
user_pref("mail.server.server1.userName", "alice.example@outlook.com");
user_pref("mail.server.server1.port", 995);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.authMethod", 3);
user_pref("mail.server.server1.check_new_mail", false);
user_pref("mail.server.server1.login_at_startup", false);
user_pref("mail.smtpservers", "smtp1");
user_pref("mail.smtpserver.smtp1.hostname", "smtp.live.com");
user_pref("mail.smtpserver.smtp1.username", "alice.example@outlook.com");
user_pref("mail.smtpserver.smtp1.port", 587);
user_pref("mail.smtpserver.smtp1.try_ssl", 2);
user_pref("mail.smtpserver.smtp1.authMethod", 3);
''')
p = start(prof, 2831); m = Marionette(2831)
print(m.js('''
const add = (origin, user) => { const l = Cc["@mozilla.org/login-manager/loginInfo;1"].createInstance(Ci.nsILoginInfo);
  l.init(origin, null, origin, user, "e2e-test-secret", "", ""); return Services.logins.addLoginAsync(l); };
await add("mailbox://pop3.live.com", "alice.example@outlook.com");
await add("smtp://smtp.live.com", "alice.example@outlook.com");
return (await Services.logins.getAllLogins()).length + " logins";
'''))
time.sleep(3)
quit(m, p)
with open(os.path.join(prof, "user.js"), "w") as f:
    f.write('user_pref("marionette.port", 2831);\n')
