#pragma once
// Loading provider XML with pugixml: byte-level checks, one-line errors with line and column,
// and line numbers for nodes. Internal to src/providers.
#include <pugixml.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "providers/ispdb.hpp"
#include "util/result.hpp"

namespace providers::detail {

// Maps byte offsets to 1-based lines and columns.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  int line_of(std::ptrdiff_t offset) const;
  int column_of(std::ptrdiff_t offset) const;

 private:
  std::vector<std::size_t> starts_;
};

struct XmlFile {
  std::string file;
  pugi::xml_document doc;
  std::ptrdiff_t base = 0;  // bytes skipped before the parsed buffer (a BOM)
  LineIndex lines;

  XmlFile(std::string f, std::string_view text) : file(std::move(f)), lines(text) {}
  int line_of(const pugi::xml_node& node) const { return lines.line_of(node.offset_debug() + base); }
  ImportIssue issue(const pugi::xml_node& node, const i18n::Text& reason) const {
    return ImportIssue::of(file, node ? line_of(node) : 0, reason);
  }
  ImportIssue note(const pugi::xml_node& node, const i18n::Text& reason) const {
    return ImportIssue::of(file, node ? line_of(node) : 0, reason, true);
  }
};

// Parses `bytes`; format anomalies that do not stop parsing (BOM, CRLF, no declaration, invalid
// UTF-8) are appended to `warnings`. Binary or malformed input gives one error line.
util::Result<std::unique_ptr<XmlFile>> load_xml(const std::string& bytes, const std::string& file,
                                                std::vector<ImportIssue>& warnings);

// The trimmed text of a node's first text child.
std::string text_of(const pugi::xml_node& node);

// Reads `path` (size-limited) and returns its bytes, or an error naming the file.
util::Result<std::string> read_xml_bytes(const std::string& path);

}  // namespace providers::detail
