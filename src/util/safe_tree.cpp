#include "util/safe_tree.hpp"

#include <algorithm>

#include "util/error_text.hpp"
#include "util/safe_fs.hpp"
#include "util/sha256.hpp"

namespace fs = std::filesystem;

namespace util {
namespace {

class Walker {
 public:
  Walker(const TreeLimits& limits, const TreeCopy* copy) : limits_(limits), copy_(copy) {}

  Status walk(int dirfd, const fs::path& shown, const std::string& prefix, int copy_dirfd, std::size_t depth) {
    if (depth > limits_.max_depth) return error_from("{1}: folders nested too deeply; refusing", {shown.string()});
    auto names = list_folder_at(dirfd, shown);
    if (!names) return names.error();
    for (const auto& name : *names) {
      if (++count_ > limits_.max_entries) return error_from("{1}: too many entries; refusing", {shown.string()});
      if (auto s = entry(dirfd, shown / name, name, prefix + name, copy_dirfd, depth); !s) return s;
    }
    return {};
  }

  std::vector<TreeEntry> take() { return std::move(entries_); }

 private:
  Status entry(int dirfd, const fs::path& shown, const std::string& name, const std::string& relative,
               int copy_dirfd, std::size_t depth) {
    auto st = stat_entry_at(dirfd, name, shown);
    if (!st) return st.error();
    if (!st->has_value()) return error_from("{1}: vanished while it was read; try again", {shown.string()});
    const EntryStatus& info = **st;
    if (info.is_link()) return error_from("{1}: is a symlink; refusing", {shown.string()});
    if (!info.is_file() && !info.is_folder())
      return error_from("{1}: is neither a file nor a folder; refusing", {shown.string()});
    if (limits_.owner && info.owner != *limits_.owner) {
      return error_from("{1}: owned by uid {2}, not uid {3}; refusing",
                        {shown.string(), std::to_string(info.owner), std::to_string(*limits_.owner)});
    }
    return info.is_folder() ? folder(dirfd, shown, name, relative, copy_dirfd, depth)
                                 : file(dirfd, shown, name, relative, copy_dirfd);
  }

  Status folder(int dirfd, const fs::path& shown, const std::string& name, const std::string& relative,
                int copy_dirfd, std::size_t depth) {
    auto opened = open_subfolder_at(dirfd, name, shown);
    if (!opened) return opened.error();
    UniqueFd sub = std::move(opened.value());
    entries_.push_back(TreeEntry{relative, true, 0, {}});
    UniqueFd copy_sub;
    if (copy_) {
      auto created = create_folder_at(copy_dirfd, name, copy_->uid, copy_->gid, 0700, copy_->shown / relative);
      if (!created) return created.error();
      copy_sub = std::move(created.value());
    }
    if (auto s = walk(sub.get(), shown, relative + "/", copy_sub.get(), depth + 1); !s) return s;
    return copy_ ? sync_folder(copy_sub.get(), copy_->shown / relative) : Status{};
  }

  Status file(int dirfd, const fs::path& shown, const std::string& name, const std::string& relative,
              int copy_dirfd) {
    auto opened = open_regular_file_at(dirfd, name, shown);
    if (!opened) return opened.error();
    auto st = status_of(opened->get(), shown);
    if (!st) return st.error();
    TreeEntry entry{relative, false, static_cast<std::uintmax_t>(st->size), {}};
    if (entry.size > limits_.max_file_bytes) return error_from("{1}: too large to back up; refusing", {shown.string()});
    if ((total_ += entry.size) > limits_.max_total_bytes)
      return error_from("{1}: the folder is too large to back up; refusing", {shown.string()});
    if (copy_) {
      auto bytes = read_fd(opened->get(), shown, static_cast<std::size_t>(limits_.max_file_bytes));
      if (!bytes) return bytes.error();
      entry.size = bytes->size();
      entry.sha256 = sha256_hex(*bytes);
      if (auto s = create_file_at(copy_dirfd, name, *bytes, copy_->uid, copy_->gid, 0600, copy_->shown / relative); !s)
        return s;
    }
    entries_.push_back(std::move(entry));
    return {};
  }

  const TreeLimits& limits_;
  const TreeCopy* copy_;
  std::vector<TreeEntry> entries_;
  std::size_t count_ = 0;
  std::uintmax_t total_ = 0;
};

}  // namespace

Result<std::vector<TreeEntry>> walk_tree_at(int dirfd, const fs::path& shown, const TreeLimits& limits,
                                            const TreeCopy* copy) {
  Walker walker(limits, copy);
  if (auto s = walker.walk(dirfd, shown, "", copy ? copy->dirfd : -1, 0); !s) return s.error();
  if (copy) {
    if (auto s = sync_folder(copy->dirfd, copy->shown); !s) return s.error();
  }
  return walker.take();
}

}  // namespace util
