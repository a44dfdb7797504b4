// Hostile homes, the cases that only mean something on POSIX: symbolic links (Wine cannot create
// them), FIFOs, devices, sockets, /proc and /sys, sparse files counted in blocks, case-sensitive
// names, permission bits, root reading a home with its owner's ids, and file and folder names that
// Windows cannot hold (control bytes, bytes that are not UTF-8).
#include <doctest/doctest.h>

#include <algorithm>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <tuple>
#include <vector>

#include "adapters/thunderbird/adapter.hpp"
#include "hostile_homes/hostile_audit.hpp"
#include "support/testutil.hpp"
#include "util/file.hpp"

namespace fs = std::filesystem;

namespace {

using cli_test::run_audit;
using cli_test::clean_utf8_lines;
using cli_test::count;
using cli_test::kOneAccount;
using cli_test::make_profile_root;
using cli_test::validate_json;

}  // namespace

TEST_SUITE("cli hostile homes 2") {
  TEST_CASE("a profiles.ini naming one prefs.js thousands of times reads it once, and at most 1000 profiles") {
    std::string ini = "[General]\nStartWithLastProfile=1\n";
    for (int i = 0; i < 3000; ++i) {
      ini += "[Profile" + std::to_string(i) + "]\nName=p" + std::to_string(i) + "\nIsRelative=1\nPath=" +
             (i % 2 ? "link" : "p") + "\n";
    }
    make_profile_root("home/.thunderbird", ini);
    testutil::write_bytes("home/.thunderbird/p/prefs.js", kOneAccount);
    fs::create_directory_symlink("p", "home/.thunderbird/link");
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 1);
    CHECK(count(r.out, "  ok      thunderbird") == 1);
    CHECK(count(r.out, "the same prefs.js as a profile listed before; read once") == 999);
    CHECK(r.out.find("home/.thunderbird/link/prefs.js  profile 'p1' ([Profile1]): the same prefs.js as a profile "
                     "listed before; read once\n") != std::string::npos);
    CHECK(r.out.find("skipped thunderbird  home/.thunderbird/profiles.ini  profiles.ini lists 3000 profiles; only "
                     "the first 1000 were read\n") != std::string::npos);
  }

  TEST_CASE("the private copy of a sparse Accounts database keeps its holes instead of filling the temporary folder") {
    testutil::write_bytes("sparse.sqlite", std::string("SQLite format 3\0", 16));
    fs::resize_file("sparse.sqlite", 64u * 1024u * 1024u);
    {
      std::ofstream tail("sparse.sqlite", std::ios::in | std::ios::out | std::ios::binary);
      tail.seekp(40 * 1024 * 1024);
      tail << "data in the middle";
    }
    REQUIRE(util::copy_regular_file("sparse.sqlite", "copy.sqlite", 256u * 1024u * 1024u));
    CHECK(testutil::read_bytes("copy.sqlite") == testutil::read_bytes("sparse.sqlite"));
    struct stat st {};
    REQUIRE(::stat("copy.sqlite", &st) == 0);
    CHECK(st.st_size == 64 * 1024 * 1024);
    CHECK(st.st_blocks * 512 < 2 * 1024 * 1024);  // 64 MB written out before
  }

  TEST_CASE("Mail version folders V02, V002, V+2 and links to one Accounts.plist are not read again and again") {
    const std::string plist = testutil::read_bytes(testutil::source_dir() /
                                                   "fixtures/homes/mac-legacy-bob/Library/Mail/V2/MailData/Accounts.plist");
    testutil::write_bytes("home/Library/Mail/V2/MailData/Accounts.plist", plist);
    for (int zeros = 1; zeros < 200; ++zeros) {
      fs::path dir = "home/Library/Mail/V" + std::string(static_cast<std::size_t>(zeros), '0') + "2/MailData";
      fs::create_directories(dir);
      fs::create_hard_link("home/Library/Mail/V2/MailData/Accounts.plist", dir / "Accounts.plist");
    }
    fs::create_directories("home/Library/Mail/V+2/MailData");
    fs::create_hard_link("home/Library/Mail/V2/MailData/Accounts.plist", "home/Library/Mail/V+2/MailData/Accounts.plist");
    fs::create_directory_symlink("V2", "home/Library/Mail/V9");
    fs::create_directory_symlink(".", "home/Library/Mail/V10");
    fs::create_directories("home/Library/Mail/V3/MailData");
    fs::create_hard_link("home/Library/Mail/V2/MailData/Accounts.plist", "home/Library/Mail/V3/MailData/Accounts.plist");
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("  ok      applemail  home/Library/Mail  version folders V2, V3, V9, V10\n") != std::string::npos);
    CHECK(count(r.out, "MailData/Accounts.plist  leftover legacy plist") == 1);
    CHECK(r.out.find("home/Library/Mail/V2/MailData/Accounts.plist  leftover legacy plist") != std::string::npos);
  }

  TEST_CASE("NTUSER.DAT under its 512 case variants (hard links) is read once") {
    fs::create_directories("home");
    fs::copy_file(testutil::source_dir() / "fixtures/homes/ol-healthy/NTUSER.DAT", "home/NTUSER.DAT");
    const std::string base = "ntuser.dat";
    for (unsigned mask = 0; mask < 512; ++mask) {
      std::string name = base;
      for (std::size_t i = 0, bit = 0; i < name.size(); ++i) {
        if (name[i] == '.') continue;
        if ((mask >> bit++) & 1) name[i] = static_cast<char>(name[i] - 'a' + 'A');
      }
      if (name != "NTUSER.DAT") fs::create_hard_link("home/NTUSER.DAT", "home" / fs::path(name));
    }
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Sources (1)\n  ok      outlook  home/NTUSER.DAT  ") != std::string::npos);
  }

  TEST_CASE("a long profile path does not cut the reason off its source line") {
    const std::string dir = "home/.thunderbird/" + std::string(250, 'p');
    make_profile_root("home/.thunderbird", "[Profile0]\nName=a\nIsRelative=1\nPath=" + std::string(250, 'p') + "\n");
    fs::create_directories(dir);
    REQUIRE(::mkfifo((dir + "/prefs.js").c_str(), 0600) == 0);
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("  error   thunderbird  " + dir + "/prefs.js  " + dir +
                     "/prefs.js: is not a regular file (a FIFO, device or socket); refused\n") != std::string::npos);
  }

  TEST_CASE("a prefs.js linked to a /proc or /sys file is refused: reading one can consume what it holds") {
    make_profile_root("home/.thunderbird", "[Profile0]\nName=a\nIsRelative=1\nPath=p\n[Profile1]\nName=b\nIsRelative=1\nPath=q\n");
    fs::create_directories("home/.thunderbird/p");
    fs::create_directories("home/.thunderbird/q");
    fs::create_symlink("/proc/self/status", "home/.thunderbird/p/prefs.js");
    fs::create_symlink("/sys/kernel/uevent_seqnum", "home/.thunderbird/q/prefs.js");
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("  error   thunderbird  home/.thunderbird/p/prefs.js  home/.thunderbird/p/prefs.js: is a kernel "
                     "interface file (/proc, /sys), not a settings file; refused\n") != std::string::npos);
    if (fs::exists("/sys/kernel/uevent_seqnum")) {
      CHECK(r.out.find("home/.thunderbird/q/prefs.js: is a kernel interface file (/proc, /sys), not a settings file; "
                       "refused\n") != std::string::npos);
    }
  }

  TEST_CASE("devices, sockets and folders under settings file names, and symbolic link loops, are refused in one line") {
    make_profile_root("home/.thunderbird", "[Profile0]\nName=a\nIsRelative=1\nPath=p\n[Profile1]\nName=b\nIsRelative=1\n"
                                           "Path=q\n[Profile2]\nName=c\nIsRelative=1\nPath=r\n[Profile3]\nName=d\n"
                                           "IsRelative=0\nPath=/\n[Profile4]\nName=e\nIsRelative=0\nPath=/proc/self\n"
                                           "[Profile5]\nName=f\nIsRelative=1\nPath=loop/loop/loop/p\n");
    fs::create_directories("home/.thunderbird/p");
    fs::create_directories("home/.thunderbird/q/prefs.js");  // a folder
    fs::create_directories("home/.thunderbird/r");
    fs::create_symlink("/dev/zero", "home/.thunderbird/p/prefs.js");
    fs::create_directory_symlink("..", "home/.thunderbird/p/up");
    fs::create_directory_symlink(".", "home/.thunderbird/loop");
    // A listening socket named user.js: reading it must not block either.
    int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(sock >= 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::string sock_path = (testutil::scratch() / "home/.thunderbird/r/prefs.js").string();
    bool bound = sock_path.size() < sizeof addr.sun_path;
    if (bound) {
      std::memcpy(addr.sun_path, sock_path.c_str(), sock_path.size() + 1);
      bound = ::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(sock, 1) == 0;
    }
    fs::create_directories("home/.icedove/profiles.ini");  // a folder
    fs::create_directories("home/Library/Accounts/Accounts4.sqlite");  // a folder
    fs::create_directories("home/NTUSER.DAT");                         // a folder: not a hive
    fs::create_directories("home/Library/Mail/V10/MailData/Accounts.plist");
    auto r = run_audit({"audit", "--home", "home"});
    ::close(sock);
    CHECK(r.exit_code == 3);  // partial: the Mail folder itself could be listed
    CHECK(r.out.find("  error   thunderbird  home/.thunderbird/p/prefs.js  home/.thunderbird/p/prefs.js: is not a "
                     "regular file (a FIFO, device or socket); refused\n") != std::string::npos);
    CHECK(r.out.find("  error   thunderbird  home/.thunderbird/q/prefs.js  home/.thunderbird/q/prefs.js: is a folder, "
                     "not a file\n") != std::string::npos);
    if (bound) {
      CHECK(r.out.find("  error   thunderbird  home/.thunderbird/r/prefs.js  home/.thunderbird/r/prefs.js: cannot open: "
                       "No such device or address\n") != std::string::npos);
    }
    CHECK(r.out.find("  skipped thunderbird  /prefs.js  profile 'd': no prefs.js") != std::string::npos);
    CHECK(r.out.find("  skipped thunderbird  /proc/self/prefs.js  profile 'e': no prefs.js") != std::string::npos);
    CHECK(r.out.find("home/.thunderbird/loop/loop/loop/p/prefs.js  profile 'f' ([Profile5]): the same prefs.js as a "
                     "profile listed before; read once\n") != std::string::npos);
    CHECK(r.out.find("  error   applemail  home/Library/Accounts/Accounts4.sqlite  home/Library/Accounts/"
                     "Accounts4.sqlite: not a regular file\n") != std::string::npos);
    CHECK(r.out.find("  error   thunderbird  home/.icedove/profiles.ini  home/.icedove/profiles.ini: is a folder, not a "
                     "file\n") != std::string::npos);
    CHECK(r.out.find("home/Library/Mail/V10/MailData/Accounts.plist: is a folder, not a file\n") != std::string::npos);
    CHECK(r.out.find("NTUSER.DAT") == std::string::npos);  // a folder of that name is no hive
  }

  TEST_CASE("files and folders the auditing user cannot read are errors saying so, not absent settings") {
    if (::geteuid() != 0 || !fs::exists("/usr/bin/setpriv")) {
      MESSAGE("skipped: needs root and setpriv to run the audit as another user");
      return;
    }
    make_profile_root("home/.thunderbird", "[Profile0]\nName=a\nIsRelative=1\nPath=p\n[Profile1]\nName=b\nIsRelative=1\nPath=q\n");
    testutil::write_bytes("home/.thunderbird/p/prefs.js", kOneAccount);
    testutil::write_bytes("home/.thunderbird/q/prefs.js", kOneAccount);
    testutil::write_bytes("home/Library/Mail/V10/MailData/Accounts.plist", "");
    testutil::write_bytes("home/Library/Accounts/Accounts4.sqlite", "");
    fs::copy_file(testutil::source_dir() / "fixtures/homes/ol-healthy/NTUSER.DAT", "home/NTUSER.DAT");
    fs::permissions(testutil::scratch(), fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    for (const char* locked : {"home/.thunderbird/p/prefs.js", "home/.thunderbird/q", "home/Library/Mail",
                               "home/Library/Accounts/Accounts4.sqlite", "home/NTUSER.DAT"}) {
      fs::permissions(locked, fs::perms::none);
    }
    auto r = testutil::run_program({"timeout", "30", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                    testutil::mailmend_binary().string(), "audit", "--home", "home"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("  error   thunderbird  home/.thunderbird/p/prefs.js  home/.thunderbird/p/prefs.js: cannot open: "
                     "Permission denied\n") != std::string::npos);
    CHECK(r.out.find("  error   thunderbird  home/.thunderbird/q/prefs.js  home/.thunderbird/q/prefs.js: cannot open: "
                     "Permission denied\n") != std::string::npos);
    CHECK(r.out.find("  error   outlook  home/NTUSER.DAT  home/NTUSER.DAT: cannot open: Permission denied\n") !=
          std::string::npos);
#ifndef __APPLE__
    CHECK(r.out.find("  error   applemail  home/Library/Mail  home/Library/Mail: cannot list: Permission denied\n") !=
          std::string::npos);
    CHECK(r.out.find("  error   applemail  home/Library/Accounts/Accounts4.sqlite  home/Library/Accounts/"
                     "Accounts4.sqlite: cannot open: Permission denied\n") != std::string::npos);
#endif
  }

  TEST_CASE("FIFOs given as paths, --policy, --providers or in a summary folder are refused without blocking") {
    for (const char* name : {"a.reg", "b.prf", "c.mobileconfig", "d.xml", "e.sqlite", "x.json", "Accounts4.sqlite"}) {
      REQUIRE(::mkfifo(name, 0600) == 0);
    }
    fs::create_symlink("/dev/zero", "NTUSER.DAT");
    fs::create_symlink("/dev/zero", "f.mobileconfig");
    auto r = run_audit({"audit", "a.reg", "b.prf", "c.mobileconfig", "f.mobileconfig", "Accounts4.sqlite", "NTUSER.DAT"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("  error   outlook  a.reg  a.reg: is not a regular file (a FIFO, device or socket); refused\n") !=
          std::string::npos);
    CHECK(r.out.find("  error   outlook  b.prf  b.prf: is not a regular file (a FIFO, device or socket); refused\n") !=
          std::string::npos);
    CHECK(r.out.find("  error   applemail  c.mobileconfig  c.mobileconfig: is not a regular file") != std::string::npos);
    CHECK(r.out.find("  error   applemail  f.mobileconfig  f.mobileconfig: is not a regular file") != std::string::npos);
    CHECK(r.out.find("  error   applemail  Accounts4.sqlite  Accounts4.sqlite: not a regular file\n") != std::string::npos);
    CHECK(r.out.find("  error     NTUSER.DAT  not a mail client file or folder mailmend knows") != std::string::npos);
    auto p = run_audit({"audit", "--home", ".", "--policy", "d.xml"});
    CHECK(p.exit_code == 2);
    CHECK(p.err == "mailmend: d.xml: is not a regular file (a FIFO, device or socket); refused\n");
    auto db = run_audit({"audit", "--home", ".", "--providers", "e.sqlite"});
    CHECK(db.exit_code == 2);
    CHECK(db.err == "mailmend: e.sqlite: not a usable provider database: not a regular file\n");
    auto s = run_audit({"summary", "x.json"});
    CHECK(s.exit_code == 2);
    CHECK(s.out.find("unreadable: x.json: is not a regular file (a FIFO, device or socket); refused\n") !=
          std::string::npos);
    fs::create_directories("reports/sub");
    fs::rename("x.json", "reports/sub/x.json");
    fs::create_directory_symlink("..", "reports/sub/up");
    auto folder = run_audit({"summary", "reports"});
    CHECK(folder.exit_code == 2);
    CHECK(folder.out.find("Reports: 0 from 0 hosts\n") == 0);  // the FIFO is skipped, the link not followed
  }

  TEST_CASE("a FIFO as policies.json or as the AutoConfig file of an installation does not block the read") {
    make_profile_root("home/.thunderbird", "[Profile0]\nName=a\nIsRelative=1\nPath=p\n");
    testutil::write_bytes("home/.thunderbird/p/prefs.js", kOneAccount);
    fs::create_directories("install/defaults/pref");
    testutil::write_bytes("install/defaults/pref/autoconfig.js", "pref(\"general.config.filename\", \"mailmend.cfg\");\n");
    REQUIRE(::mkfifo("install/mailmend.cfg", 0600) == 0);
    REQUIRE(::mkfifo("policies.json", 0600) == 0);
    adapters::thunderbird::Options options;
    options.policy_files = {"policies.json"};
    options.install_dirs = {"install"};
    adapters::thunderbird::ThunderbirdAdapter adapter(options);
    auto out = adapter.read("home/.thunderbird");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Ok);
    CHECK(out.accounts.size() == 1);
    std::string messages;
    for (const auto& f : out.findings) messages += f.rule + ": " + f.message + "\n";
    CHECK(messages.find("thunderbird-policy-error: policies.json: is not a regular file (a FIFO, device or socket); "
                        "refused (Thunderbird ignores this policy file)\n") != std::string::npos);
    CHECK(messages.find("thunderbird-autoconfig-error: install/defaults/pref/autoconfig.js:1: general.config.filename "
                        "names 'mailmend.cfg', but install/mailmend.cfg: is not a regular file (a FIFO, device or "
                        "socket); refused;") != std::string::npos);
  }

  TEST_CASE("as root, a home is read with its owner's ids: a link to a root-only file is not read") {
    if (::geteuid() != 0) {
      MESSAGE("skipped: needs root (a throwaway uid owns the home)");
      return;
    }
    // The user can reach its home, as on a real machine (mkdtemp made the scratch folder 0700).
    fs::permissions(testutil::scratch(), fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    make_profile_root("home/.thunderbird", "[Profile0]\nName=a\nIsRelative=1\nPath=p\n[Profile1]\nName=b\nIsRelative=1\nPath=q\n");
    testutil::write_bytes("home/.thunderbird/p/prefs.js", kOneAccount);
    // Root's own settings, readable by root only, linked into the user's second profile.
    std::string secret = kOneAccount;
    secret.replace(secret.find("imap.example.com"), 16, "secret.example.org");
    testutil::write_bytes("roots/prefs.js", secret);
    fs::permissions("roots", fs::perms::owner_all);
    fs::permissions("roots/prefs.js", fs::perms::owner_read | fs::perms::owner_write);
    fs::create_directories("home/.thunderbird/q");
    fs::create_symlink(testutil::scratch() / "roots/prefs.js", "home/.thunderbird/q/prefs.js");
    for (const char* p : {"home", "home/.thunderbird", "home/.thunderbird/profiles.ini", "home/.thunderbird/p",
                          "home/.thunderbird/p/prefs.js", "home/.thunderbird/q", "home/.thunderbird/q/prefs.js"}) {
      REQUIRE(::lchown(p, 4242, 4243) == 0);
    }
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 3);  // partly unreadable
    CHECK(r.out.find("imap.example.com") != std::string::npos);  // the user's own profile is read
    CHECK(r.out.find("secret.example.org") == std::string::npos);
    CHECK(r.out.find("home/.thunderbird/q/prefs.js: cannot open: Permission denied") != std::string::npos);
    CHECK(::geteuid() == 0u);
  }

  TEST_CASE("as root, homes of two users are read at once, each with its owner's ids, as --jobs 1 reads them") {
    if (::geteuid() != 0) {
      MESSAGE("skipped: needs root (throwaway uids own the homes)");
      return;
    }
    fs::permissions(testutil::scratch(), fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    std::string secret = kOneAccount;
    secret.replace(secret.find("imap.example.com"), 16, "secret.example.org");
    testutil::write_bytes("roots/prefs.js", secret);
    fs::permissions("roots", fs::perms::owner_all);
    fs::permissions("roots/prefs.js", fs::perms::owner_read | fs::perms::owner_write);
    // Each home is its owner's alone (0700): read with the other user's ids, or root's, it would differ.
    const std::vector<std::tuple<std::string, unsigned, std::string>> homes = {
        {"h1", 4242, "imap.one.example"}, {"h2", 4252, "imap.two.example"}, {"h3", 4242, "imap.three.example"}};
    for (const auto& [home, uid, host] : homes) {
      make_profile_root(home + "/.thunderbird", "[Profile0]\nName=a\nIsRelative=1\nPath=p\n[Profile1]\nName=b\nIsRelative=1\nPath=q\n");
      std::string prefs = kOneAccount;
      prefs.replace(prefs.find("imap.example.com"), 16, host);
      testutil::write_bytes(home + "/.thunderbird/p/prefs.js", prefs);
      fs::create_directories(home + "/.thunderbird/q");
      fs::create_symlink(testutil::scratch() / "roots/prefs.js", home + "/.thunderbird/q/prefs.js");
      for (const std::string p : {"", "/.thunderbird", "/.thunderbird/profiles.ini", "/.thunderbird/p",
                                  "/.thunderbird/p/prefs.js", "/.thunderbird/q", "/.thunderbird/q/prefs.js"}) {
        REQUIRE(::lchown((home + p).c_str(), uid, uid + 1) == 0);
      }
      fs::permissions(home, fs::perms::owner_all);
    }
    auto serial = run_audit({"audit", "--home", "h1", "--home", "h2", "--home", "h3", "--jobs", "1"});
    CHECK(serial.exit_code == 3);  // partly unreadable
    for (const auto& [home, uid, host] : homes) {
      CHECK(serial.out.find(host) != std::string::npos);
      CHECK(serial.out.find(home + "/.thunderbird/q/prefs.js: cannot open: Permission denied") != std::string::npos);
    }
    CHECK(serial.out.find("secret.example.org") == std::string::npos);
    // The report's first line names the time of the run (to the second): compared without it.
    auto after_first_line = [](const std::string& text) { return text.substr(std::min(text.find('\n'), text.size())); };
    for (int run = 0; run < 5; ++run) {  // threads interleave differently from run to run
      auto parallel = run_audit({"audit", "--home", "h1", "--home", "h2", "--home", "h3", "--jobs", "3"});
      CHECK(parallel.exit_code == serial.exit_code);
      CHECK(parallel.out.substr(0, parallel.out.find(" at 20")) == serial.out.substr(0, serial.out.find(" at 20")));
      CHECK(after_first_line(parallel.out) == after_first_line(serial.out));
    }
    CHECK(::geteuid() == 0u);
  }

  TEST_CASE("names and values with C1 controls, line separators and broken UTF-8 stay on one line and in valid JSON") {
    // U+0085 (NEL), U+2028, an overlong '\n' (C0 8A), a UTF-16 surrogate (ED A0 80), ESC, 0xFF.
    const std::string odd = "x\xC2\x85y\xE2\x80\xA8z\xC0\x8A\xED\xA0\x80\x1B[2J\xFF";
    make_profile_root("home/.thunderbird",
                      "[Profile0]\nName=n" + odd + "\nIsRelative=1\nPath=p" + odd + "\n[Profile1]\nName=q\nIsRelative=1\nPath=a\nb\n");
    testutil::write_bytes("home/.thunderbird/p" + odd + "/prefs.js",
                          std::string(kOneAccount) + "user_pref(\"mail.server.server1.userName\", \"u" + odd +
                              "\\u0085\\u2029\");\nbad" + odd + ";\n");  // ';': a file ending inside a statement is damaged
    auto r = run_audit({"audit", "--home", "home"});
    CHECK(r.exit_code == 1);
    CHECK(clean_utf8_lines(r.out));
    const std::string escaped = "x\\xC2\\x85y\\xE2\\x80\\xA8z\\xC0\\x8A\\xED\\xA0\\x80\\x1B[2J\\xFF";
    CHECK(r.out.find("  ok      thunderbird  home/.thunderbird/p" + escaped + "/prefs.js  profile 'n" + escaped +
                     "', not the default profile") == std::string::npos);  // two profiles: no default named
    CHECK(r.out.find("  ok      thunderbird  home/.thunderbird/p" + escaped + "/prefs.js  profile 'n" + escaped +
                     "': 1 mail account\n") != std::string::npos);
    CHECK(r.out.find("  user u" + escaped + "\\xC2\\x85\\xE2\\x80\\xA9\n") != std::string::npos);
    auto j = run_audit({"audit", "--home", "home", "--format", "json"});
    CHECK(j.exit_code == 1);
    CHECK(validate_json(j.out) == "");
  }

  TEST_CASE("summary and fix as JSON over names that are not UTF-8 print valid JSON, not an internal error") {
    fs::create_directories("reports");
    testutil::write_bytes("reports/a\xFF.json", "not json");
    auto s = run_audit({"summary", "reports", "--format", "json"});
    CHECK(s.exit_code == 2);  // no readable report
    CHECK(s.err == "");
    CHECK(s.out.find("\"problems\": [\n    \"reports/a\xEF\xBF\xBD.json: invalid or truncated JSON (") != std::string::npos);
    make_profile_root("home/.thunderbird", "[Profile0]\nName=a\nIsRelative=1\nPath=p\xFF\n");
    testutil::write_bytes("home/.thunderbird/p\xFF/prefs.js",
                          "user_pref(\"mail.accountmanager.accounts\", \"a\");\nuser_pref(\"mail.account.a.server\", \"s\");\n"
                          "user_pref(\"mail.server.s.hostname\", \"imap.gmail.com\");\nuser_pref(\"mail.server.s.type\", \"imap\");\n");
    auto f = run_audit({"fix", "--home", "home", "--format", "json"});
    CHECK(f.exit_code == 1);  // changes pending
    CHECK(f.err == "");
    CHECK(f.out.find("\"target_key\": \"mail.server.s.socketType\"") != std::string::npos);
    CHECK(f.out.find("p\xEF\xBF\xBD/prefs.js") != std::string::npos);
  }

}
