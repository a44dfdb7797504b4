#pragma once
// A tests-only adapter over a simple "key=value" text file, and a tiny audit with three rules,
// so the fix engine is exercised on real bytes without any mail client.
//   a.email=alice@example.com
//   a.incoming.host=imap.example.com
//   a.incoming.port=143
//   a.incoming.security=tls
//   a.managed=yes            (optional)
#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/adapter.hpp"
#include "core/report.hpp"
#include "util/text.hpp"

namespace fake {

struct Line {
  std::string key;
  std::string value;
  int number = 0;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class Adapter : public core::Adapter {
 public:
  std::set<std::string> locked;  // files reported as "in use"

  std::string_view client() const override { return "fake"; }
  std::vector<std::filesystem::path> discover(const std::filesystem::path&) const override { return {}; }
  bool recognizes(const std::filesystem::path&) const override { return true; }

  core::ReadOutput read(const std::filesystem::path& source) const override {
    core::ReadOutput out;
    core::Source src{"fake", source.string(), core::SourceStatus::Ok, ""};
    std::vector<Line> lines;
    int number = 0;
    for (const auto& text : util::split(read_text(source), '\n', true)) {
      ++number;
      auto eq = text.find('=');
      if (eq == std::string::npos) {
        src.status = core::SourceStatus::Error;
        src.message = source.string() + ":" + std::to_string(number) + ": no '='";
        continue;
      }
      lines.push_back({text.substr(0, eq), text.substr(eq + 1), number});
    }
    out.sources.push_back(src);
    std::vector<std::string> keys;
    for (const auto& l : lines) {
      std::string acct = l.key.substr(0, l.key.find('.'));
      if (std::find(keys.begin(), keys.end(), acct) == keys.end()) keys.push_back(acct);
    }
    for (const auto& acct : keys) out.accounts.push_back(account(source, acct, lines));
    return out;
  }

  util::Result<std::string> render(const std::filesystem::path& file, std::string_view original,
                                   const std::vector<core::Edit>& edits) const override {
    std::vector<std::string> lines = util::split(original, '\n', true);
    for (const auto& edit : edits) {
      if (std::holds_alternative<std::monostate>(edit.value)) return util::make_error(file.string() + ": no value");
      std::string line = edit.target.key + "=" + core::field_value_text(edit.value);
      bool replaced = false;
      for (auto& l : lines) {
        if (l.starts_with(edit.target.key + "=")) l = line, replaced = true;
      }
      if (!replaced) lines.push_back(line);
    }
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
  }

  core::LockState lock_state(const std::filesystem::path& file) const override {
    if (locked.count(file.string())) return {true, std::string("fake client is running (pid 4242)")};
    return {};
  }

 private:
  static core::Account account(const std::filesystem::path& source, const std::string& acct,
                               const std::vector<Line>& lines) {
    core::Account a;
    a.id = core::make_account_id("fake", source.string(), acct);
    a.client = "fake";
    a.source = source.string();
    a.key = acct;
    core::Endpoint in;
    in.protocol = core::Protocol::Imap;
    bool has_incoming = false;
    for (const auto& l : lines) {
      if (!l.key.starts_with(acct + ".")) continue;
      const std::string field = l.key.substr(acct.size() + 1);
      const core::Origin origin{source.string(), l.key, l.number, false};
      has_incoming |= field.starts_with("incoming.");
      if (field == "email") a.email = l.value;
      if (field == "managed") a.managed = l.value == "yes";
      if (field == "incoming.host") in.host = {l.value, origin};
      if (field == "incoming.port") {
        in.port = {static_cast<int>(util::parse_int(l.value, 0, 65535).value_or(0)), origin};
      }
      if (field == "incoming.security") {
        in.security = {core::parse_security(l.value).value_or(core::Security::Unknown), origin};
      }
      if (field == "incoming.username") in.username = {l.value, origin};
    }
    if (has_incoming) a.incoming = in;
    return a;
  }
};

// Rules: tls needs port 993; the old host pop.example.org moves to imap.example.org; a missing
// username defaults to the email (inserted). "host-unreachable" is reported but not fixable.
inline std::vector<core::Finding> evaluate(const core::Account& a) {
  std::vector<core::Finding> out;
  if (!a.incoming) return out;
  const auto& in = *a.incoming;
  const std::string base = a.key + ".incoming.";
  if (in.security.value == core::Security::Tls && in.port.value != 993) {
    out.push_back({"port-security-mismatch", core::Severity::Error, a.id, "incoming.port",
                   std::int64_t{in.port.value}, std::int64_t{993}, "port does not match TLS", true, in.port.origin});
  }
  if (in.host.value == "pop.example.org") {
    out.push_back({"outdated-host", core::Severity::Warning, a.id, "incoming.host", in.host.value,
                   std::string("imap.example.org"), "old host", true, in.host.origin});
    out.push_back({"host-unreachable", core::Severity::Info, a.id, "incoming.host", in.host.value,
                   std::monostate{}, "cannot reach", false, in.host.origin});
  }
  if (in.username.origin.key.empty() && !a.email.empty()) {
    core::Origin origin{a.source, base + "username", 0, true};
    out.push_back({"username-missing", core::Severity::Warning, a.id, "incoming.username", std::string(),
                   a.email, "username defaults", true, origin});
  }
  return out;
}

// Reads the files and evaluates the rules, as the audit pipeline would.
inline core::Report audit(const Adapter& adapter, const std::vector<std::filesystem::path>& files) {
  core::Report report;
  for (const auto& file : files) {
    core::ReadOutput out = adapter.read(file);
    for (auto& s : out.sources) report.sources.push_back(s);
    for (auto& a : out.accounts) {
      for (auto& f : evaluate(a)) report.findings.push_back(f);
      report.accounts.push_back({a, std::nullopt});
    }
  }
  return report;
}

// The audit as a re-read callback: accounts plus the rules' findings.
inline core::ReadOutput audit_reread(const Adapter& adapter, const std::filesystem::path& source) {
  core::ReadOutput out = adapter.read(source);
  for (const auto& a : out.accounts) {
    for (auto& f : evaluate(a)) out.findings.push_back(f);
  }
  return out;
}

}  // namespace fake
