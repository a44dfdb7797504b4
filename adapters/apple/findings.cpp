#include "adapters/apple/findings.hpp"

namespace adapters::apple {

core::Finding make_finding(std::string_view rule, core::Severity severity, std::string account, std::string message,
                           core::Origin origin, std::string field) {
  core::Finding f;
  f.rule = std::string(rule);
  f.severity = severity;
  f.account = std::move(account);
  f.field = std::move(field);
  f.message = std::move(message);
  f.fixable = false;
  f.origin = std::move(origin);
  return f;
}

}  // namespace adapters::apple
