#pragma once
// The fake-adapter setup shared by the apply and backup tests.
#include "fake_adapter.hpp"
#include "fix/apply.hpp"
#include "fix/plan.hpp"
#include "support/testutil.hpp"

namespace setup {

namespace fs = std::filesystem;

struct Setup {
  fake::Adapter adapter;
  fs::path file = testutil::scratch() / "fake.conf";
  fs::path backups = testutil::scratch() / "backups";
  std::vector<const core::Adapter*> adapters{&adapter};

  explicit Setup(const std::string& bytes) { testutil::write_bytes(file, bytes); }
  fix::Plan plan(const std::vector<fs::path>& files) const {
    return fix::make_plan(fake::audit(adapter, files), adapters, {});
  }
  fix::Plan plan() const { return plan({file}); }
  fix::ApplyOptions options() const {
    return {backups, {}, [this](const fs::path& p) { return fake::audit_reread(adapter, p); }, {}};
  }
};

// Renders correctly, but also changes another account's value: verification must catch it.
class CorruptingAdapter : public fake::Adapter {
 public:
  util::Result<std::string> render(const fs::path& file, std::string_view original,
                                   const std::vector<core::Edit>& edits) const override {
    auto out = fake::Adapter::render(file, original, edits);
    if (!out) return out;
    std::string bytes = out.value();
    auto pos = bytes.find("b.incoming.username=bob");
    bytes.replace(pos, 23, "b.incoming.username=eve");
    return bytes;
  }
};

// The permission bits of `p` (not following a link). Meaningful where
// testutil::files_have_posix_modes().
inline unsigned mode_of(const fs::path& p) { return static_cast<unsigned>(fs::symlink_status(p).permissions()) & 07777u; }

}  // namespace setup
