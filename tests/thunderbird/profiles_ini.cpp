#include "adapters/thunderbird/profiles_ini.hpp"

#include <doctest/doctest.h>

#include "support/testutil.hpp"

namespace fs = std::filesystem;
using namespace adapters::thunderbird;

namespace {

ProfilesIni from_text(const std::string& profiles, const std::string& installs = {}) {
  return interpret_profiles_ini("/root", parse_ini(profiles), parse_ini(installs));
}

std::vector<std::string> names(const ProfilesIni& p) {
  std::vector<std::string> out;
  for (const auto& e : p.profiles) out.push_back(e.name + "=" + e.folder.string());
  return out;
}

// Copies real samples into <scratch>/root as profiles.ini (and installs.ini) and reads them.
ProfilesIni read_real(const std::string& profiles, const std::string& installs = {}) {
  fs::path dir = testutil::shared_dir() / "real-samples" / "thunderbird";
  fs::path root = testutil::scratch() / "root";
  testutil::write_bytes(root / "profiles.ini", testutil::read_bytes(dir / profiles));
  if (!installs.empty()) testutil::write_bytes(root / "installs.ini", testutil::read_bytes(dir / installs));
  auto r = read_profiles_ini(root);
  REQUIRE(r.ok());
  return r.value();
}

using V = std::vector<std::string>;

}  // namespace

TEST_SUITE("profiles_ini") {
  TEST_CASE("INI parsing: comments, CRLF, spaces around '=', a BOM; keys before any section are ignored") {
    auto ini = parse_ini("\xEF\xBB\xBForphan=1\r\n; c\r\n# c\r\n[General]\r\n Version = 2 \r\n[S]\r\nA=x=y\r\n");
    CHECK(ini.size() == 2);
    CHECK(ini["General"]["Version"] == "2");
    CHECK(ini["S"]["A"] == "x=y");
  }

  TEST_CASE("13th-Sammy: sections in any order, and [Install…] Default wins over Default=1") {
    REQUIRE_SHARED();
    auto p = read_real("13th-Sammy__mint-backup__profiles.ini", "13th-Sammy__mint-backup__installs.ini");
    const fs::path root = testutil::scratch() / "root";
    CHECK(names(p) == V{"default-esr=" + (root / "uskvscu2.default-esr").string(),
                        "default=" + (root / "y9rlbsce.default").string()});
    CHECK(p.default_index == 0);
    CHECK(p.default_reason.english == "[InstallFDC34C9F024745EB] Default");
    CHECK(p.profiles[1].legacy_default);
  }

  TEST_CASE("Helvethor: the classic form with Default=1") {
    REQUIRE_SHARED();
    auto p = read_real("Helvethor__global-dotfiles__profiles.ini");
    CHECK(names(p) == V{"default=" + (testutil::scratch() / "root" / "f9y4s44h.default").string()});
    CHECK(p.default_reason.english == "Default=1");
  }

  TEST_CASE("CMCDragonkai (Windows): a relative Path with a forward slash") {
    REQUIRE_SHARED();
    auto p = read_real("CMCDragonkai__.dotfiles-nixos__Windows-profiles.ini");
    REQUIRE(p.profiles.size() == 1);
    CHECK(p.profiles[0].folder == testutil::scratch() / "root" / "Profiles" / "Default");
    CHECK(p.profiles[0].descriptor == "Profiles/Default");
  }

  TEST_CASE("enumeration stops at the first ProfileN without IsRelative") {
    auto p = from_text(
        "[Profile0]\nName=a\nIsRelative=1\nPath=a\n[Profile1]\nName=b\nPath=b\n[Profile2]\nName=c\nIsRelative=1\nPath=c\n");
    CHECK(names(p) == V{"a=" + (fs::path("/root") / "a").string()});
    auto gap = from_text("[Profile0]\nName=a\nIsRelative=1\nPath=a\n[Profile2]\nName=c\nIsRelative=1\nPath=c\n");
    CHECK(names(gap) == V{"a=" + (fs::path("/root") / "a").string()});
    CHECK(gap.default_reason.english == "the only profile");
  }

  TEST_CASE("a section without Path or Name is skipped but enumeration goes on") {
    auto p = from_text(
        "[Profile0]\nIsRelative=1\nPath=a\n[Profile1]\nName=b\nIsRelative=1\n[Profile2]\nName=c\nIsRelative=0\nPath=/abs/c\n");
    CHECK(names(p) == V{"c=/abs/c"});
    CHECK_FALSE(p.profiles[0].is_relative);
  }

  TEST_CASE("installs.ini is used only when profiles.ini has no Version") {
    std::string profiles = "[Profile0]\nName=a\nIsRelative=1\nPath=a\nDefault=1\n[Profile1]\nName=b\nIsRelative=1\nPath=b\n";
    std::string installs = "[ABCDEF0123456789]\nDefault=b\n";
    auto old = from_text(profiles, installs);
    CHECK(old.default_index == 1);
    CHECK(old.default_reason.english == "installs.ini [ABCDEF0123456789] Default");
    auto modern = from_text("[General]\nVersion=2\n" + profiles, installs);
    CHECK(modern.default_index == 0);
    CHECK(modern.default_reason.english == "Default=1");
  }

  TEST_CASE("two installs with different defaults leave the default undecided") {
    auto p = from_text(
        "[Profile0]\nName=a\nIsRelative=1\nPath=a\nDefault=1\n[Profile1]\nName=b\nIsRelative=1\nPath=b\n"
        "[Install1]\nDefault=a\n[Install2]\nDefault=b\n");
    CHECK(p.default_index == -1);
  }

  TEST_CASE("a missing profiles.ini is a clear error") {
    auto r = read_profiles_ini(testutil::scratch());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.starts_with((testutil::scratch() / "profiles.ini").string() + ": cannot open"));
  }
}
