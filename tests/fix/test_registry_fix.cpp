// The fix engine on a live registry (a DatabaseStore of kind LiveRegistry): planned without a file
// or folder, backed up as the values' types and bytes plus the store's undo document, written in
// place, verified, and restored exactly. An in-memory registry stands in for Windows' here; the
// real store runs under Wine (tests/outlook/test_live_registry.cpp, tests/windows/e2e_registry.sh).
#include <doctest/doctest.h>

#include <algorithm>
#include <map>

#include "fake_adapter.hpp"
#include "fix/apply.hpp"
#include "fix/backup.hpp"
#include "fix/plan.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::uint32_t kSz = 1, kBinary = 3, kDword = 4;
const std::string kRoot = "HKCU";
const std::string kKey = "HKCU\\Software\\Fake";

struct Value {
  std::uint32_t type = 0;
  std::string data;
  bool operator==(const Value&) const = default;
};
using Registry = std::map<std::string, Value>;  // value name -> value, all in kKey

std::string dword(std::uint32_t n) {
  return {static_cast<char>(n & 0xff), static_cast<char>((n >> 8) & 0xff), static_cast<char>((n >> 16) & 0xff),
          static_cast<char>(n >> 24)};
}

std::uint32_t number(const std::string& d) {
  std::uint32_t n = 0;
  for (int i = 3; i >= 0; --i) n = n << 8 | static_cast<unsigned char>(d[static_cast<std::size_t>(i)]);
  return n;
}

std::string shown(std::uint32_t type, const std::string& data) {
  return type == kDword ? std::to_string(number(data)) : "\"" + data + "\"";
}

bool holds(const Registry& r, const std::string& name, bool missing, std::uint32_t type, const std::string& data) {
  auto it = r.find(name);
  return missing ? it == r.end() : it != r.end() && it->second == Value{type, data};
}

// The store: one key's values, each change keeping the value's type.
class Store : public core::DatabaseStore {
 public:
  explicit Store(Registry& r) : r_(r) {}
  Kind kind() const override { return Kind::LiveRegistry; }

  util::Result<std::vector<core::CellChange>> prepare(const fs::path&, const std::vector<core::Edit>& edits) const override {
    std::vector<core::CellChange> out;
    for (const auto& e : edits) {
      core::CellChange c;
      c.table = kKey;
      c.column = e.target.key;
      c.location = kKey + "\\" + c.column;
      auto it = r_.find(c.column);
      c.missing_before = it == r_.end();
      c.type = it != r_.end() ? it->second.type : kSz;
      c.before = it != r_.end() ? it->second.data : "";
      c.after = c.type == kDword ? dword(static_cast<std::uint32_t>(std::get<std::int64_t>(e.value)))
                                 : core::field_value_text(e.value);
      c.before_text = c.missing_before ? "(missing)" : shown(c.type, c.before);
      c.after_text = shown(c.type, c.after);
      out.push_back(c);
    }
    return out;
  }

  util::Result<core::WriteOutcome> write(const fs::path&, const std::vector<core::CellChange>& changes,
                                         core::CellCheck check, const core::WhileLocked& while_locked) const override {
    std::size_t before = 0, after = 0;
    std::vector<core::CellChange> found = changes;
    for (auto& c : found) {
      before += holds(r_, c.column, c.missing_before, c.type, c.before);
      after += holds(r_, c.column, c.missing_after, c.type, c.after);
      auto it = r_.find(c.column);
      c.missing_before = it == r_.end();
      c.before = it != r_.end() ? it->second.data : "";
      if (it != r_.end()) c.type = it->second.type;
      c.before_text = c.missing_before ? "(missing)" : shown(c.type, c.before);
    }
    if (after == changes.size()) return core::WriteOutcome::AlreadyDone;
    if (check == core::CellCheck::Before && before != changes.size()) return core::WriteOutcome::Changed;
    if (while_locked) {
      if (auto s = while_locked(found); !s) return s.error();
    }
    for (const auto& c : changes) {
      if (c.missing_after) r_.erase(c.column);
      else r_[c.column] = Value{c.type, c.after};
    }
    ++writes;
    return core::WriteOutcome::Written;
  }

  std::optional<core::UndoDocument> undo_document(const std::vector<core::CellChange>& changes) const override {
    std::string text;
    for (const auto& c : changes) text += c.column + (c.missing_before ? "=-\n" : "=" + c.before + "\n");
    return core::UndoDocument{"undo.reg", text};
  }

  mutable int writes = 0;

 private:
  Registry& r_;
};

// The fake adapter's "key=value" accounts, read from the registry's values instead of a file.
class RegistryAdapter : public fake::Adapter {
 public:
  explicit RegistryAdapter(Registry& r) : r_(r), store_(r) {}
  core::ReadOutput read(const fs::path& source) const override {
    std::string text;
    for (const auto& [name, v] : r_) {
      text += name + "=" + (v.type == kDword ? std::to_string(number(v.data)) : v.data) + "\n";
    }
    testutil::write_bytes(testutil::scratch() / "HKCU", text);  // the base adapter reads a file
    core::ReadOutput out = fake::Adapter::read(testutil::scratch() / "HKCU");
    for (auto& s : out.sources) s.path = source.string();
    for (auto& a : out.accounts) {
      a.source = source.string();
      a.id = core::make_account_id("fake", source.string(), a.key);
      if (!a.incoming) continue;
      auto& in = *a.incoming;
      for (core::Origin* o : {&in.host.origin, &in.port.origin, &in.security.origin, &in.username.origin}) {
        if (!o->key.empty()) o->file = source.string();
      }
    }
    return out;
  }
  const core::DatabaseStore* database_store(const fs::path& file) const override {
    return core::is_live_registry_source(file.string()) ? &store_ : nullptr;
  }
  const Store& store() const { return store_; }

 private:
  Registry& r_;
  Store store_;
};

struct LiveHome {
  Registry registry{{"a.email", {kSz, "alice@example.com"}},
                    {"a.incoming.host", {kBinary, "pop.example.org"}},
                    {"a.incoming.port", {kDword, dword(143)}},
                    {"a.incoming.security", {kSz, "tls"}}};
  RegistryAdapter adapter{registry};
  std::vector<const core::Adapter*> adapters{&adapter};
  fs::path backups = testutil::scratch() / "backups";

  fix::Plan plan() const { return fix::make_plan(fake::audit(adapter, {kRoot}), adapters, {}); }
  fix::ApplyOptions options() const {
    return {backups, {}, [this](const fs::path& p) { return fake::audit_reread(adapter, p); }, {}};
  }
};

}  // namespace

TEST_SUITE("fix::registry") {
  TEST_CASE("a live registry is planned in place under its own name, without --allow-accounts-db") {
    LiveHome h;
    const Registry before = h.registry;
    const fix::Plan plan = h.plan();
    REQUIRE(plan.files.size() == 1);
    const fix::PlanFile& f = plan.files[0];
    CHECK(f.file == fs::path("HKCU"));
    CHECK(f.live_registry());
    CHECK_FALSE(f.is_refused());
    CHECK(f.diff ==
          "Registry HKCU changes in place, value by value (each keeps its type):\n"
          "  HKCU\\Software\\Fake\\a.incoming.port: 143 -> 993\n"
          "  HKCU\\Software\\Fake\\a.incoming.host: \"pop.example.org\" -> \"imap.example.org\"\n"
          "  HKCU\\Software\\Fake\\a.incoming.username: (missing) -> \"alice@example.com\"\n");
    CHECK(fix::plan_json(plan)["files"][0]["kind"] == "registry");
    CHECK(h.registry == before);
    CHECK(h.adapter.store().writes == 0);
  }

  TEST_CASE("apply writes the values keeping their types, with a registry backup; restore puts back the exact values") {
    LiveHome h;
    const Registry before = h.registry;
    const fix::ApplyResult result = fix::apply_plan(h.plan(), h.options());
    REQUIRE(result.files.size() == 1);
    CHECK(result.files[0].outcome == fix::FileOutcome::Applied);
    CHECK(result.files[0].message == "HKCU: 3 change(s) applied in place (3 registry value(s), read back)");
    CHECK(h.registry.at("a.incoming.port") == Value{kDword, dword(993)});
    CHECK(h.registry.at("a.incoming.host") == Value{kBinary, "imap.example.org"});
    CHECK(h.registry.at("a.incoming.username") == Value{kSz, "alice@example.com"});

    const auto backups = fix::list_backups(h.backups);
    REQUIRE(backups.size() == 1);
    const fix::BackupInfo& b = backups[0];
    CHECK(b.kind == "registry");
    CHECK(b.original_path == fs::path("HKCU"));
    REQUIRE(b.cells.size() == 3);
    CHECK(b.cells[0]["table"] == kKey);
    CHECK(b.cells[0]["column"] == "a.incoming.port");
    CHECK(b.cells[0]["type"] == kDword);
    CHECK(b.cells[0]["before_hex"] == "8f000000");
    CHECK(b.cells[0]["after_hex"] == "e1030000");
    CHECK(b.cells[1]["type"] == kBinary);
    CHECK(b.cells[2]["missing_before"] == true);
    CHECK(b.cells[2]["missing_after"] == false);
    CHECK(testutil::read_bytes(h.backups / b.id / "undo.reg") ==
          "a.incoming.port=" + dword(143) + "\na.incoming.host=pop.example.org\na.incoming.username=-\n");

    const fix::RestoreResult restored = fix::restore_backup(h.backups, b.id, false, {}, h.adapters);
    CHECK(restored.status == fix::RestoreStatus::Restored);
    CHECK(restored.message == "HKCU: 3 registry value(s) restored from backup " + b.id +
                                  " (a regedit file of the old values is also in " + (h.backups / b.id).string() + ")");
    CHECK(h.registry == before);
    CHECK(fix::restore_backup(h.backups, b.id, false, {}, h.adapters).status == fix::RestoreStatus::AlreadyOriginal);
    CHECK(fix::restore_run(h.backups, result.run_id, false, {}, h.adapters).size() == 1);
  }

  TEST_CASE("restore refuses values changed since the fix unless forced") {
    LiveHome h;
    const Registry before = h.registry;
    const fix::ApplyResult result = fix::apply_plan(h.plan(), h.options());
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    h.registry["a.incoming.port"] = Value{kDword, dword(995)};
    const std::string id = result.files[0].backup_id;
    const fix::RestoreResult refused = fix::restore_backup(h.backups, id, false, {}, h.adapters);
    CHECK(refused.status == fix::RestoreStatus::Refused);
    CHECK(refused.message == "HKCU: changed since mailmend wrote it; use --force to write the old values of backup " + id +
                                 " anyway");
    CHECK(h.registry.at("a.incoming.port") == Value{kDword, dword(995)});
    const Registry changed = h.registry;
    const fix::RestoreResult forced = fix::restore_backup(h.backups, id, true, {}, h.adapters);
    CHECK(forced.status == fix::RestoreStatus::Restored);
    CHECK(h.registry == before);
    // The forced restore first saved what it replaced, as a backup restore puts back exactly.
    REQUIRE_FALSE(forced.saved_as.empty());
    CHECK(forced.message.ends_with("; the state it replaced is backup " + forced.saved_as + " (mailmend restore " +
                                   forced.saved_as + " puts it back)"));
    const std::vector<fix::BackupInfo> all = fix::list_backups(h.backups);
    const auto saved = std::find_if(all.begin(), all.end(), [&](const fix::BackupInfo& b) { return b.id == forced.saved_as; });
    REQUIRE(saved != all.end());
    CHECK(saved->note == "state before restore --force of backup " + id);
    CHECK(saved->kind == "registry");
    CHECK(fix::restore_backup(h.backups, forced.saved_as, false, {}, h.adapters).status == fix::RestoreStatus::Restored);
    CHECK(h.registry == changed);
  }

  TEST_CASE("restore --force over values that already hold the original saves nothing") {
    LiveHome h;
    const fix::ApplyResult result = fix::apply_plan(h.plan(), h.options());
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    const std::string id = result.files[0].backup_id;
    REQUIRE(fix::restore_backup(h.backups, id, false, {}, h.adapters).status == fix::RestoreStatus::Restored);
    const std::size_t backups = fix::list_backups(h.backups).size();
    CHECK(fix::restore_backup(h.backups, id, true, {}, h.adapters).status == fix::RestoreStatus::AlreadyOriginal);
    CHECK(fix::list_backups(h.backups).size() == backups);
  }

  TEST_CASE("a registry changed after planning, or whose client runs, is refused before any backup") {
    LiveHome h;
    const fix::Plan plan = h.plan();
    h.registry["a.incoming.port"] = Value{kDword, dword(110)};
    fix::ApplyResult result = fix::apply_plan(plan, h.options());
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(result.files[0].message == "HKCU: changed since planning; plan again");
    h.registry["a.incoming.port"] = Value{kDword, dword(143)};
    h.adapter.locked.insert("HKCU");
    result = fix::apply_plan(plan, h.options());
    CHECK(result.files[0].outcome == fix::FileOutcome::Refused);
    CHECK(result.files[0].message == "HKCU: fake client is running (pid 4242); close the client and run again");
    CHECK(h.adapter.store().writes == 0);
    CHECK(fix::list_backups(h.backups).empty());
  }

  TEST_CASE("a backup manifest of kind registry is restored only by a store of that kind") {
    LiveHome h;
    const fix::ApplyResult result = fix::apply_plan(h.plan(), h.options());
    REQUIRE(result.files[0].outcome == fix::FileOutcome::Applied);
    fake::Adapter plain;  // same client, no store
    const fix::RestoreResult r = fix::restore_backup(h.backups, result.files[0].backup_id, false, {}, {&plain});
    CHECK(r.status == fix::RestoreStatus::Error);
    CHECK(r.message == "HKCU: no adapter writes this registry");
  }
}
