#pragma once
// Locates the elements of an XML property list by key path ("MailAccounts[1].PortNumber"), with
// byte offsets, so that one value can be rewritten while every other byte stays as it was.
// Not a validating parser: libplist parses the file first; this only finds positions.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace adapters::apple {

struct XmlElement {
  std::string tag;                // "string", "integer", "true", "dict", ...
  std::size_t begin = 0;          // '<' of the opening tag
  std::size_t end = 0;            // one past the closing '>' (of the end tag, or of a self-closing tag)
  std::size_t content_begin = 0;  // text between the tags (empty range for self-closing tags)
  std::size_t content_end = 0;
  bool self_closing = false;
};

// Every value element by path; the top-level element has the empty path.
util::Result<std::map<std::string, XmlElement>> scan_xml_plist(std::string_view xml);

// Escapes text for element content.
std::string xml_escape(std::string_view text);

}  // namespace adapters::apple
