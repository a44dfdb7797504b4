#include "adapters/apple/plist_render.hpp"

namespace adapters::apple {

util::Result<std::string> render_plist_edits(const std::string& file, std::string_view, const std::vector<core::Edit>&) {
  return util::make_error(file + ": not yet");
}

}  // namespace adapters::apple
