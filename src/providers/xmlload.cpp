#include "providers/xmlload.hpp"

#include <algorithm>

#include "i18n/text.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace providers::detail {
namespace {

// Provider files are a few kilobytes; refuse anything absurd rather than allocate for it.
constexpr std::size_t kMaxXmlBytes = 8u * 1024u * 1024u;

// Offset of the first invalid UTF-8 sequence, or npos.
std::size_t invalid_utf8_at(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return i;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts_.push_back(i + 1);
  }
}

int LineIndex::line_of(std::ptrdiff_t offset) const {
  if (offset < 0) return 0;
  auto it = std::upper_bound(starts_.begin(), starts_.end(), static_cast<std::size_t>(offset));
  return static_cast<int>(it - starts_.begin());
}

int LineIndex::column_of(std::ptrdiff_t offset) const {
  int line = line_of(offset);
  if (line <= 0) return 0;
  return static_cast<int>(static_cast<std::size_t>(offset) - starts_[static_cast<std::size_t>(line - 1)]) + 1;
}

util::Result<std::unique_ptr<XmlFile>> load_xml(const std::string& bytes, const std::string& file,
                                                std::vector<ImportIssue>& warnings) {
  if (bytes.empty()) return i18n::error(i18n::msg("{1}: empty file, not XML", {file}));
  if (auto nul = bytes.find('\0'); nul != std::string::npos) {
    return i18n::error(i18n::msg("{1}: binary data (NUL byte at offset {2}), not XML", {file, std::to_string(nul)}));
  }
  auto xml = std::make_unique<XmlFile>(file, bytes);
  std::string_view body = bytes;
  if (body.substr(0, 3) == "\xEF\xBB\xBF") {
    warnings.push_back(ImportIssue::of(file, 1, i18n::msg("starts with a UTF-8 byte-order mark"), true));
    body.remove_prefix(3);
    xml->base = 3;
  }
  if (auto bad = invalid_utf8_at(body); bad != std::string_view::npos) {
    auto offset = static_cast<std::ptrdiff_t>(bad) + xml->base;
    warnings.push_back(
        ImportIssue::of(file, xml->lines.line_of(offset), i18n::msg("invalid UTF-8 (byte offset {1})", {std::to_string(offset)})));
  }
  if (util::trim(body).substr(0, 5) != "<?xml") warnings.push_back(ImportIssue::of(file, 1, i18n::msg("no <?xml?> declaration"), true));
  if (body.find("\r\n") != std::string_view::npos) warnings.push_back(ImportIssue::of(file, 0, i18n::msg("CRLF line endings"), true));

  auto parsed = xml->doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    auto offset = static_cast<std::ptrdiff_t>(parsed.offset) + xml->base;
    // pugixml's description ("Start-end tags mismatch") stays as the library words it.
    const std::string place = file + ":" + std::to_string(xml->lines.line_of(offset)) + ":" +
                              std::to_string(xml->lines.column_of(offset));
    return i18n::error(i18n::msg("{1}: malformed XML: {2}", {place, std::string(parsed.description())}));
  }
  if (!xml->doc.document_element()) return i18n::error(i18n::msg("{1}: no XML element in the file", {file}));
  return xml;
}

std::string text_of(const pugi::xml_node& node) { return std::string(util::trim(node.child_value())); }

util::Result<std::string> read_xml_bytes(const std::string& path) { return util::read_file(path, kMaxXmlBytes); }

}  // namespace providers::detail
