#include "discovery/net.hpp"

namespace discovery {

std::string timeout_phrase(const NetOptions& o) {
  const auto ms = o.timeout.count();
  return "within " + (ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms");
}

bool is_timeout(const util::Error& error, const NetOptions& o) {
  const std::string phrase = timeout_phrase(o);
  const std::string& m = error.message;
  return m.size() >= phrase.size() && m.compare(m.size() - phrase.size(), phrase.size(), phrase) == 0;
}

}  // namespace discovery
