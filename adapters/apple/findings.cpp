#include "adapters/apple/findings.hpp"

namespace adapters::apple {

core::Finding make_finding(std::string_view rule, core::Severity severity, std::string account,
                           const i18n::Text& message,
                           core::Origin origin, std::string field) {
  core::Finding f;
  f.rule = std::string(rule);
  f.severity = severity;
  f.account = std::move(account);
  f.field = std::move(field);
  f.explain(message);
  f.fixable = false;
  f.origin = std::move(origin);
  return f;
}

}  // namespace adapters::apple
