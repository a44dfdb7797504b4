#include "core/database_store.hpp"

#include <utility>

namespace core {

std::vector<CellChange> reversed(std::vector<CellChange> changes) {
  for (auto& c : changes) {
    std::swap(c.before, c.after);
    std::swap(c.before_text, c.after_text);
    std::swap(c.missing_before, c.missing_after);
  }
  return changes;
}

}  // namespace core
