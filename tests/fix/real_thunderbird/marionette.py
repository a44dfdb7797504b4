# A minimal Marionette client (the protocol: "LENGTH:JSON" frames) driving Thunderbird in chrome
# context. Thunderbird 153 needs -remote-allow-system-access for that.
import atexit, json, socket, subprocess, sys, time, os

class Marionette:
    def __init__(self, port):
        for _ in range(300):
            try:
                self.s = socket.create_connection(("127.0.0.1", port)); break
            except OSError: time.sleep(0.2)
        else: raise SystemExit("marionette did not answer")
        self.buf = b""; self.id = 0; self._read()
        self.cmd("WebDriver:NewSession", {"capabilities": {}})
        self.cmd("Marionette:SetContext", {"value": "chrome"})
    def _read(self):
        while b":" not in self.buf: self.buf += self.s.recv(65536)
        n, rest = self.buf.split(b":", 1); n = int(n)
        while len(rest) < n: rest += self.s.recv(65536)
        self.buf = rest[n:]; return json.loads(rest[:n])
    def cmd(self, name, params):
        self.id += 1; msg = json.dumps([0, self.id, name, params]).encode()
        self.s.sendall(str(len(msg)).encode() + b":" + msg)
        r = self._read()
        if r[2]: raise SystemExit(f"{name}: {r[2]}")
        return r[3]
    def js(self, body):
        return self.cmd("WebDriver:ExecuteAsyncScript", {"script": "const done = arguments[arguments.length-1];(async()=>{" + body + "})().then(done, e => done('ERROR ' + e));", "args": [], "scriptTimeout": 60000})["value"]

def start(profile, port):
    env = dict(os.environ, MOZ_HEADLESS="1")
    proc = subprocess.Popen(["thunderbird", "--headless", "--marionette", "-remote-allow-system-access", "--no-remote", "--profile", profile], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # A script that dies (an alert, a timeout) must not leave Thunderbird running on the profile.
    atexit.register(lambda: proc.poll() is None and proc.kill())
    return proc

def quit(m, p):
    try: m.cmd("Marionette:Quit", {"flags": ["eForceQuit"]})
    except Exception: pass
    p.wait(timeout=60)
