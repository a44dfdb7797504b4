#pragma once
// A fixable finding as a rule would report it, for plans built from hand-made reports.
#include "core/finding.hpp"
#include "core/model.hpp"

namespace fixture {

inline core::Finding fixable_finding(const core::Account& account, const std::string& rule, const std::string& field,
                                     core::FieldValue actual, core::FieldValue expected, const core::Origin& origin) {
  core::Finding f;
  f.rule = rule;
  f.account = account.id;
  f.field = field;
  f.actual = std::move(actual);
  f.expected = std::move(expected);
  f.fixable = true;
  f.origin = origin;
  return f;
}

}  // namespace fixture
