// The command line itself, through the mailmend binary: options never swallow a PATH, rule ids are
// checked, --homes, -o -, exit codes in --help, `rules` and `providers lookup` input checks.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "audit/rule_catalogue.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using testutil::run_mailmend;

namespace {

const char* kOneProfileIni =
    "[General]\nStartWithLastProfile=1\n\n[Profile0]\nName=default\nIsRelative=1\nPath=p.default\nDefault=1\n";

// An Outlook.com account of `user` on the retired pop3.live.com: one fixable retired-host error.
std::string retired_host_prefs(const std::string& user) {
  const std::string address = user + "@outlook.com";
  return "user_pref(\"mail.account.account1.identities\", \"id1\");\n"
         "user_pref(\"mail.account.account1.server\", \"server1\");\n"
         "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
         "user_pref(\"mail.identity.id1.smtpServer\", \"smtp1\");\n"
         "user_pref(\"mail.identity.id1.useremail\", \"" + address + "\");\n"
         "user_pref(\"mail.server.server1.authMethod\", 10);\n"
         "user_pref(\"mail.server.server1.hostname\", \"pop3.live.com\");\n"
         "user_pref(\"mail.server.server1.port\", 995);\n"
         "user_pref(\"mail.server.server1.socketType\", 3);\n"
         "user_pref(\"mail.server.server1.type\", \"pop3\");\n"
         "user_pref(\"mail.server.server1.userName\", \"" + address + "\");\n"
         "user_pref(\"mail.smtpserver.smtp1.authMethod\", 10);\n"
         "user_pref(\"mail.smtpserver.smtp1.hostname\", \"smtp.office365.com\");\n"
         "user_pref(\"mail.smtpserver.smtp1.port\", 587);\n"
         "user_pref(\"mail.smtpserver.smtp1.try_ssl\", 2);\n"
         "user_pref(\"mail.smtpserver.smtp1.username\", \"" + address + "\");\n"
         "user_pref(\"mail.smtpservers\", \"smtp1\");\n";
}

// A home folder `dir` whose Thunderbird profile holds `user`'s account; returns its prefs.js.
fs::path make_retired_host_home(const fs::path& dir, const std::string& user) {
  testutil::write_bytes(dir / ".thunderbird/profiles.ini", kOneProfileIni);
  testutil::write_bytes(dir / ".thunderbird/p.default/prefs.js", retired_host_prefs(user));
  return dir / ".thunderbird/p.default/prefs.js";
}

const char* kCorpPolicy =
    "<?xml version=\"1.0\"?>\n<clientConfig version=\"1.1\">\n"
    "<emailProvider id=\"corp.example\"><domain>corp.example</domain>\n"
    "<displayName>Corp Mail</displayName>\n"
    "<incomingServer type=\"imap\"><hostname>mail.corp.example</hostname><port>993</port>"
    "<socketType>SSL</socketType><authentication>password-cleartext</authentication>"
    "<username>%EMAILADDRESS%</username></incomingServer>\n"
    "</emailProvider></clientConfig>\n";

nlohmann::json json_of(const testutil::RunResult& r) {
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE_FALSE(r.out.empty());
  return nlohmann::json::parse(r.out);
}

// Sorted and joined with " ", so that a failing check shows both sides.
std::string listed(const std::set<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

// The files of a fix plan (JSON), relative to the scratch folder, written with "/".
std::string planned_files(const testutil::RunResult& r) {
  std::set<std::string> files;
  const auto plan = json_of(r);
  for (const auto& f : plan["files"]) {
    files.insert(fs::path(f["file"].get<std::string>()).lexically_relative(fs::current_path()).generic_string());
  }
  return listed(files);
}

// The account e-mail addresses of an audit report (JSON).
std::string audited_addresses(const testutil::RunResult& r) {
  std::set<std::string> out;
  const auto report = json_of(r);
  for (const auto& a : report["accounts"]) out.insert(a["email"].get<std::string>());
  return listed(out);
}

std::string source_message(const nlohmann::json& report, const std::string& path) {
  for (const auto& s : report["sources"]) {
    if (s["path"] == path) return s["status"].get<std::string>() + ": " + s["message"].get<std::string>();
  }
  return "(no source " + path + ")";
}

testutil::RunResult run_with_home(const fs::path& home, const std::vector<std::string>& args) {
  std::vector<std::string> argv{testutil::mailmend_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return testutil::run_program(argv, {}, testutil::kProgramTimeout,
                               {{testutil::home_variable(), fs::absolute(home).string()}});
}

}  // namespace

TEST_SUITE("cli options") {
  TEST_CASE("issue 18 item 1: HOME=A mailmend fix --only retired-host B/prefs.js plans B, not A") {
    const auto a = make_retired_host_home("A", "ann");
    const auto b = make_retired_host_home("B", "bob");
    for (const std::string only : {"--only", "--only="}) {
      std::vector<std::string> args{"fix"};
      if (only == "--only") {
        args.insert(args.end(), {"--only", "retired-host"});
      } else {
        args.push_back("--only=retired-host");
      }
      args.insert(args.end(), {b.string(), "--format", "json"});
      auto r = run_with_home("A", args);
      CHECK_MESSAGE(r.exit_code == 1, r.err);
      CHECK(planned_files(r) == b.generic_string());
    }
    // With --apply the same command line changes B only.
    auto applied = run_with_home("A", {"fix", "--only", "retired-host", b.string(), "--apply", "--backup-dir", "backups"});
    INFO(applied.out << applied.err);
    CHECK(applied.exit_code == 0);
    CHECK(testutil::read_bytes(a) == retired_host_prefs("ann"));
    CHECK(testutil::read_bytes(b) != retired_host_prefs("bob"));
  }

  TEST_CASE("every repeatable option takes one value and leaves the PATH after it a PATH") {
    const auto b = make_retired_host_home("B", "bob");
    make_retired_host_home("C", "cat");
    make_retired_host_home("D/dan", "dan");
    testutil::write_bytes("corp.xml", kCorpPolicy);
    const std::set<std::string> bob_only{"bob@outlook.com"};
    const std::set<std::string> bob_and_cat{"bob@outlook.com", "cat@outlook.com"};
    const std::set<std::string> bob_and_dan{"bob@outlook.com", "dan@outlook.com"};
    struct Case {
      std::vector<std::string> option;
      std::set<std::string> addresses;
    };
    // Each selection option, in both spellings, directly before the PATH; HOME points elsewhere.
    for (const Case& c : std::vector<Case>{{{"--home", "C"}, bob_and_cat},
                                           {{"--home=C"}, bob_and_cat},
                                           {{"--homes", "D"}, bob_and_dan},
                                           {{"--homes=D"}, bob_and_dan},
                                           {{"--policy", "corp.xml"}, bob_only},
                                           {{"--policy=corp.xml"}, bob_only}}) {
      for (const std::string command : {"audit", "fix"}) {
        std::vector<std::string> args{command};
        args.insert(args.end(), c.option.begin(), c.option.end());
        args.insert(args.end(), {b.string(), "--format", "json"});
        INFO(command << " " << c.option.front());
        auto r = run_with_home("A-empty", args);
        CHECK_MESSAGE(r.exit_code == 1, r.err);
        if (command == "audit") {
          CHECK(audited_addresses(r) == listed(c.addresses));
        } else {
          std::set<std::string> expected{b.generic_string()};
          for (const auto& address : c.addresses) {
            if (address == "cat@outlook.com") expected.insert("C/.thunderbird/p.default/prefs.js");
            if (address == "dan@outlook.com") expected.insert("D/dan/.thunderbird/p.default/prefs.js");
          }
          CHECK(planned_files(r) == listed(expected));
        }
      }
    }
    // --only and --skip (comma lists inside one value), in both spellings.
    for (const auto& option : std::vector<std::vector<std::string>>{{"--only", "retired-host,port-not-provider"},
                                                                     {"--only=retired-host"},
                                                                     {"--skip", "unknown-domain"},
                                                                     {"--skip=unknown-domain,username-form"}}) {
      std::vector<std::string> args{"fix"};
      args.insert(args.end(), option.begin(), option.end());
      args.insert(args.end(), {b.string(), "--format", "json"});
      auto r = run_with_home("C", args);
      CHECK_MESSAGE(r.exit_code == 1, r.err);
      CHECK(planned_files(r) == b.generic_string());
    }
    // profile takes the selection options too: the PATH stays a PATH (no Apple account: no profile).
    auto profile = run_with_home("C", {"profile", "--policy", "corp.xml", b.string()});
    CHECK(profile.exit_code == 0);
    CHECK(profile.err.find("no Apple Mail account") != std::string::npos);
    // providers lookup --policy FILE ADDRESS: the address is the positional.
    auto lookup = run_mailmend({"providers", "lookup", "--policy", "corp.xml", "ann@corp.example", "--format", "json"});
    CHECK_MESSAGE(lookup.exit_code == 0, lookup.err);
    CHECK(json_of(lookup)["provider"]["name"] == "Corp Mail");
    // restore --home DIR ID: the id is the positional (not a second home).
    auto restore = run_mailmend({"restore", "--home", "C", "20260101T000000Z-none", "--backup-dir", "backups"});
    CHECK(restore.exit_code == 2);
    CHECK(restore.err.find("id is required") == std::string::npos);
    CHECK(restore.err.find("20260101T000000Z-none") != std::string::npos);
  }
}

TEST_SUITE("cli options") {
  TEST_CASE("issue 18 item 2: fix P --only retierd-host is a usage error naming the nearest rule") {
    const auto p = make_retired_host_home("P", "ann");
    auto r = run_mailmend({"fix", p.string(), "--only", "retierd-host"});
    CHECK(r.exit_code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--only: unknown rule id 'retierd-host' (nearest known: retired-host;") != std::string::npos);
    CHECK(testutil::read_bytes(p) == retired_host_prefs("ann"));
  }

  TEST_CASE("unknown rule ids are refused in every spelling; shared and client-specific ids are accepted") {
    const auto p = make_retired_host_home("P", "ann");
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"--skip", "retired-host,plaintxt"},
             {"--skip=plaintxt"},
             {"--only", "retired-host", "--only", "plaintxt"},
             {"--only=retired-host,plaintxt", "--apply"}}) {
      std::vector<std::string> argv{"fix", p.string()};
      argv.insert(argv.end(), args.begin(), args.end());
      auto r = run_mailmend(argv);
      INFO(args.front());
      CHECK(r.exit_code == 2);
      CHECK(r.err.find("unknown rule id 'plaintxt' (nearest known: plaintext;") != std::string::npos);
    }
    auto client_rule = run_mailmend({"fix", p.string(), "--only", "thunderbird-pref-syntax,outlook-ssl-auto,applemail-managed"});
    CHECK_MESSAGE(client_rule.exit_code == 0, client_rule.err);  // known ids, nothing of theirs to fix
    auto far_off = run_mailmend({"fix", p.string(), "--skip", "\x1b[2J"});
    CHECK(far_off.exit_code == 2);
    CHECK(far_off.err.find('\x1b') == std::string::npos);  // the id is escaped
    CHECK(testutil::read_bytes(p) == retired_host_prefs("ann"));
  }

  TEST_CASE("every client-specific rule id in the adapters' sources is in their catalogue, once") {
    std::set<std::string> catalogued;
    std::size_t entries = 0;
    for (const auto& group : audit::rule_groups()) {
      for (const auto& rule : group.rules) {
        catalogued.insert(std::string(rule.id));
        ++entries;
        if (!group.client.empty()) CHECK(std::string(rule.id).rfind(group.client + "-", 0) == 0);
      }
    }
    CHECK(catalogued.size() == entries);  // no id twice
    const std::regex literal("\"((thunderbird|outlook|applemail)-[a-z0-9-]+)\"");
    std::size_t found = 0;
    for (const auto& entry : fs::recursive_directory_iterator(testutil::source_dir() / "adapters")) {
      if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
      const std::string text = testutil::read_bytes(entry.path());
      for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
        ++found;
        CHECK_MESSAGE(catalogued.count((*it)[1].str()), (*it)[1].str() << " in " << entry.path().string());
      }
    }
    CHECK(found >= 30);  // the scan saw the adapters' rule ids
  }
}

TEST_SUITE("cli homes") {
  TEST_CASE("--jobs 4 reads homes at once and prints what --jobs 1 prints, byte for byte (audit, fix plan)") {
    for (int i = 0; i < 24; ++i) make_retired_host_home("homes/h" + std::string(i < 10 ? "0" : "") + std::to_string(i), "u" + std::to_string(i));
    fs::create_directories("homes/h99-empty");
    // homes/h01 twice (in --homes and as --home): read once, where it first comes.
    const std::regex timestamp("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");
    for (const std::string command : {"audit", "fix"}) {
      for (const std::string format : {"text", "json"}) {
        INFO(command << " --format " << format);
        auto run = [&](const std::string& jobs) {
          return run_mailmend({command, "--homes", "homes", "--home", "homes/h01", "--jobs", jobs, "--format", format});
        };
        const auto serial = run("1");
        const auto parallel = run("4");
        if (command == "audit") CHECK(serial.exit_code == 1);
        CHECK(parallel.exit_code == serial.exit_code);
        CHECK(parallel.err == serial.err);
        CHECK(std::regex_replace(parallel.out, timestamp, "T") == std::regex_replace(serial.out, timestamp, "T"));
        if (command == "audit" && format == "json") {
          const auto report = json_of(serial);
          CHECK(report["accounts"].size() == 24u);
        }
      }
    }
    auto zero = run_mailmend({"audit", "--homes", "homes", "--jobs", "0"});
    CHECK(zero.exit_code == 2);
    CHECK(zero.err.find("--jobs") != std::string::npos);
  }

  TEST_CASE("issue 18 item 8: audit --home of a folder of homes says where it looked and suggests --homes") {
    make_retired_host_home("homes/ann", "ann");
    make_retired_host_home("homes/bob", "bob");
    fs::create_directories("homes/empty");
    auto r = run_mailmend({"audit", "--home", "homes", "--format", "json"});
    CHECK(r.exit_code == 0);
    auto j = json_of(r);
    CHECK(j["accounts"].empty());
    CHECK(source_message(j, "homes") ==
          "skipped: no Thunderbird, Outlook or Apple Mail settings in this home folder; its subfolders look like home "
          "folders (ann, bob): to audit each of them use --homes homes");
    auto text = run_mailmend({"audit", "--home", "homes"});
    CHECK(text.out.find("skipped   homes  no Thunderbird, Outlook or Apple Mail settings in this home folder;") !=
          std::string::npos);

    auto each = run_mailmend({"audit", "homes/ann", "homes/bob", "--format", "json"});
    CHECK(each.exit_code == 2);
    auto ej = json_of(each);
    for (const std::string home : {"homes/ann", "homes/bob"}) {
      CHECK(source_message(ej, home).find("; it looks like a home folder: audit it with --home " + home +
                                          ", or every home folder beside it with --homes homes") != std::string::npos);
    }
    auto parent = run_mailmend({"audit", "homes", "--format", "json"});
    CHECK(source_message(json_of(parent), "homes").find("its subfolders look like home folders (ann, bob): to audit "
                                                        "each of them use --homes homes") != std::string::npos);

    auto plain = run_mailmend({"audit", "--home", "homes/empty", "--format", "json"});
    CHECK(plain.exit_code == 0);
    CHECK(source_message(json_of(plain), "homes/empty") ==
          "skipped: no Thunderbird, Outlook or Apple Mail settings in this home folder");
  }

  TEST_CASE("--homes DIR audits and fixes each subfolder as a home; links and empty folders are said") {
    const auto ann = make_retired_host_home("homes/ann", "ann");
    const auto bob = make_retired_host_home("homes/bob", "bob");
    fs::create_directories("homes/nobody");
    const bool linked = testutil::make_symlink(fs::absolute("homes/bob"), "homes/link");
    auto r = run_mailmend({"audit", "--homes", "homes", "--format", "json"});
    CHECK(r.exit_code == 1);
    CHECK(audited_addresses(r) == "ann@outlook.com bob@outlook.com");
    auto j = json_of(r);
    if (linked) {
      CHECK(source_message(j, testutil::native("homes/link")) ==
            "skipped: home folder is a symbolic link; not followed");
    } else {
      MESSAGE(testutil::kNoSymlinks);
    }
    CHECK(source_message(j, testutil::native("homes/nobody")) ==
          "skipped: no Thunderbird, Outlook or Apple Mail settings in this home folder");

    auto plan = run_mailmend({"fix", "--homes", "homes", "--format", "json"});
    CHECK(plan.exit_code == 1);
    CHECK(planned_files(plan) == ann.generic_string() + " " + bob.generic_string());
    auto applied = run_mailmend({"fix", "--homes", "homes", "--apply", "--backup-dir", "backups"});
    INFO(applied.out << applied.err);
    CHECK(applied.exit_code == 0);
    CHECK(run_mailmend({"audit", "--homes", "homes", "--fail-on", "error"}).exit_code == 0);

    fs::create_directories("no-homes");
    auto none = run_mailmend({"audit", "--homes", "no-homes", "--format", "json"});
    CHECK(none.exit_code == 0);
    CHECK(source_message(json_of(none), "no-homes") ==
          "skipped: no subfolders: --homes takes a folder whose subfolders are home folders");
    testutil::write_bytes("file.txt", "x");
    auto not_folder = run_mailmend({"audit", "--homes", "file.txt", "--format", "json"});
    CHECK(not_folder.exit_code == 2);
    CHECK(source_message(json_of(not_folder), "file.txt") ==
          "error: --homes takes a folder whose subfolders are home folders; this is not a folder");
  }
}

TEST_SUITE("cli output") {
  TEST_CASE("-o - writes to standard output for every command with -o, never a file named -") {
    const auto p = make_retired_host_home("P", "ann");
    auto audit = run_mailmend({"audit", p.string(), "--format", "json", "-o", "-"});
    CHECK(audit.exit_code == 1);
    CHECK(json_of(audit)["accounts"].size() == 1);
    auto fix = run_mailmend({"fix", p.string(), "-o", "-", "--format", "json"});
    CHECK(fix.exit_code == 1);
    CHECK(planned_files(fix) == p.generic_string());
    auto list = run_mailmend({"backups", "list", "--backup-dir", "backups", "--format", "json", "--output=-"});
    CHECK(list.exit_code == 0);
    CHECK(json_of(list).is_array());
    testutil::write_bytes("reports/r.json", audit.out);
    auto summary = run_mailmend({"summary", "reports", "--format", "json", "-o", "-"});
    CHECK(summary.exit_code == 0);
    CHECK(json_of(summary)["reports"] == 1);
    fs::copy(testutil::source_dir() / "fixtures/homes/mac-modern-erin", "erin", fs::copy_options::recursive);
    auto profile = run_mailmend({"profile", "--home", "erin", "-o", "-"});
    CHECK(profile.exit_code == 1);
    CHECK(profile.out.find("com.apple.mail.managed") != std::string::npos);
    CHECK_FALSE(fs::exists("-"));
  }

  TEST_CASE("summary -o FILE writes the summary there and nothing to stdout") {
    const auto p = make_retired_host_home("P", "ann");
    fs::create_directory("reports");
    REQUIRE(run_mailmend({"audit", p.string(), "--format", "json", "-o", "reports/p.json"}).exit_code == 1);
    auto r = run_mailmend({"summary", "reports", "-o", "summary.txt"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.empty());
    CHECK(testutil::read_bytes("summary.txt").rfind("Reports: 1 from 1 host\n", 0) == 0);
  }

  TEST_CASE("summary --jobs 3 writes what --jobs 1 writes, byte for byte; --jobs 0 is refused") {
    const auto p = make_retired_host_home("P", "ann");
    fs::create_directories("reports/b");
    auto audited = run_mailmend({"audit", p.string(), "--format", "json", "--host-id", "pc-1"});
    REQUIRE(audited.exit_code == 1);
    for (int i = 0; i < 40; ++i) {
      std::string report = audited.out;
      const std::string host = "\"host\": \"pc-1\"";
      REQUIRE(report.find(host) != std::string::npos);
      report.replace(report.find(host), host.size(), "\"host\": \"pc-" + std::to_string(i % 25) + "\"");
      // A host is its machine id: 25 of them, so that reports of one host replace each other.
      const std::string id = "\"machine_id\": ";
      const std::size_t at = report.find(id);
      REQUIRE(at != std::string::npos);
      report.replace(at, report.find_first_of(",\n", at) - at, id + "\"m" + std::to_string(i % 25) + "\"");
      testutil::write_bytes((i % 2 ? "reports/" : "reports/b/") + std::to_string(i) + ".json", report);
    }
    testutil::write_bytes("reports/b/cut.json", audited.out.substr(0, 100));
    for (const char* format : {"json", "html"}) {
      auto one = run_mailmend({"summary", "reports", "--now", "2026-11-27T10:00:00Z", "--format", format, "--jobs", "1"});
      auto three = run_mailmend({"summary", "reports", "--now", "2026-11-27T10:00:00Z", "--format", format, "--jobs", "3"});
      CHECK(one.exit_code == 3);
      CHECK(three.exit_code == 3);
      CHECK(one.out == three.out);
      if (std::string(format) == "json") CHECK(one.out.find("\"hosts\": 25,") != std::string::npos);
    }
    auto zero = run_mailmend({"summary", "reports", "--jobs", "0"});
    CHECK(zero.exit_code == 2);
    CHECK(zero.err.find("--jobs") != std::string::npos);
  }

  TEST_CASE("--help of every subcommand ends with its exit codes") {
    for (const auto& command : std::vector<std::vector<std::string>>{{"audit"}, {"fix"}, {"restore"}, {"backups", "list"},
                                                                     {"profile"}, {"summary"}, {"providers", "lookup"},
                                                                     {"providers", "import"}, {"rules"}}) {
      auto args = command;
      args.push_back("--help");
      auto r = run_mailmend(args);
      INFO(command.back());
      CHECK(r.exit_code == 0);
      const auto at = r.out.find("\nExit codes:\n  ");
      REQUIRE(at != std::string::npos);
      CHECK(r.out.find("\n  0  ", at) != std::string::npos);
    }
    CHECK(run_mailmend({"fix", "--help"}).out.find("with --apply:\n  0  every planned file applied and verified") !=
          std::string::npos);
  }

  TEST_CASE("rules lists the shared rules and each client's rules, grouped") {
    auto r = run_mailmend({"rules"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("Shared rules (every client):\nerror   port-security-mismatch  ", 0) == 0);
    CHECK(r.out.find("error   retired-host  ") != std::string::npos);
    for (const std::string client : {"thunderbird", "outlook", "applemail"}) {
      CHECK(r.out.find("\n\n" + client + " rules (" + client + "-...):\n") != std::string::npos);
    }
    CHECK(r.out.find("\nwarning thunderbird-pref-syntax  ") != std::string::npos);
    CHECK(r.out.find("\nerror   outlook-basic-auth-microsoft  ") != std::string::npos);
    CHECK(r.out.find("\ninfo    applemail-stale-plist  ") != std::string::npos);
    std::size_t ids = 0;
    for (const auto& group : audit::rule_groups()) {
      for (const auto& rule : group.rules) {
        ++ids;
        CHECK(r.out.find(" " + std::string(rule.id) + "  ") != std::string::npos);
      }
    }
    const auto groups = audit::rule_groups().size();
    CHECK(static_cast<std::size_t>(std::count(r.out.begin(), r.out.end(), '\n')) == ids + groups + (groups - 1));
  }

  TEST_CASE("providers lookup '@@@' is a usage error, with a JSON error object under --format json") {
    auto text = run_mailmend({"providers", "lookup", "@@@"});
    CHECK(text.exit_code == 2);
    CHECK(text.out.empty());
    CHECK(text.err == "mailmend: '@@@' is not an email address or domain (no domain after the @); give "
                      "user@example.com or example.com\n");
    auto json = run_mailmend({"providers", "lookup", "@@@", "--format", "json"});
    CHECK(json.exit_code == 2);
    CHECK(json_of(json) == nlohmann::json{{"query", "@@@"},
                                          {"error",
                                           {{"exit_code", 2},
                                            {"message", "'@@@' is not an email address or domain (no domain after "
                                                        "the @); give user@example.com or example.com"}}}});
    for (const std::string bad : {"ann@", "@example.com", "exa mple.com", "a..b", "", "ann@-"}) {
      INFO(bad);
      CHECK(run_mailmend({"providers", "lookup", bad}).exit_code == 2);
    }
    CHECK(run_mailmend({"providers", "lookup", "Ann@GMAIL.com."}).exit_code == 0);
    auto unknown = run_mailmend({"providers", "lookup", "nobody.invalid", "--format", "json"});
    CHECK(unknown.exit_code == 1);
    CHECK(json_of(unknown)["error"]["exit_code"] == 1);
  }
}
