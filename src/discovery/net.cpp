#include "discovery/net.hpp"

namespace discovery {

std::string timeout_duration(const NetOptions& o) {
  const auto ms = o.timeout.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
}

std::string timeout_phrase(const NetOptions& o) { return "within " + timeout_duration(o); }

util::Error net_error(const std::string& subject, const i18n::Text& why) {
  return i18n::error(i18n::msg("{1}: {2}", {subject, why}));
}

bool is_timeout(const util::Error& error, const NetOptions& o) {
  const std::string phrase = timeout_phrase(o);
  const std::string& m = error.message;
  return m.size() >= phrase.size() && m.compare(m.size() - phrase.size(), phrase.size(), phrase) == 0;
}

}  // namespace discovery
