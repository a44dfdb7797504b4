#include "adapters/apple/xml_plist_scanner.hpp"

#include <vector>

#include "adapters/apple/bplist_check.hpp"
#include "adapters/apple/plist_fields.hpp"
#include "i18n/text.hpp"

namespace adapters::apple {
namespace {

struct Frame {
  std::string path;
  std::string tag;
  std::size_t count = 0;    // array index of the next child
  std::string pending_key;  // dict: the key awaiting its value
  bool has_key = false;
};

std::string decode_entities(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    std::size_t semi = s.find(';', i);
    if (semi == std::string_view::npos) {
      out += s[i];
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    if (name == "amp") out += '&';
    else if (name == "lt") out += '<';
    else if (name == "gt") out += '>';
    else if (name == "quot") out += '"';
    else if (name == "apos") out += '\'';
    else if (name.starts_with("#")) {
      unsigned long code = 0;
      try {
        code = name.starts_with("#x") ? std::stoul(std::string(name.substr(2)), nullptr, 16)
                                      : std::stoul(std::string(name.substr(1)));
      } catch (...) {
        code = '?';
      }
      if (code < 0x80) out += static_cast<char>(code);
      else out += '?';  // keys with non-ASCII character references are not mail keys
    } else {
      out.append(s.substr(i, semi - i + 1));
    }
    i = semi;
  }
  return out;
}

class Scanner {
 public:
  explicit Scanner(std::string_view xml) : xml_(xml) {}

  util::Result<std::map<std::string, XmlElement>> run() {
    std::size_t pos = 0;
    while ((pos = xml_.find('<', pos)) != std::string_view::npos) {
      auto next = step(pos);
      if (!next) return next.error();
      pos = *next;
    }
    if (!stack_.empty()) return fail(i18n::msg("unclosed <{1}>", {stack_.back().tag}));
    return std::move(elements_);
  }

 private:
  static util::Error fail(const i18n::Text& why) { return i18n::error(i18n::msg("XML plist: {1}", {why})); }

  util::Result<std::size_t> skip_to(std::size_t from, std::string_view terminator) {
    std::size_t end = xml_.find(terminator, from);
    if (end == std::string_view::npos) return fail(i18n::msg("unterminated markup at byte {1}", {std::to_string(from)}));
    return end + terminator.size();
  }

  util::Result<std::size_t> step(std::size_t pos) {
    std::string_view rest = xml_.substr(pos);
    if (rest.starts_with("<?")) return skip_to(pos, "?>");
    if (rest.starts_with("<!--")) return skip_to(pos, "-->");
    if (rest.starts_with("<!")) return skip_to(pos, ">");
    std::size_t gt = xml_.find('>', pos);
    if (gt == std::string_view::npos) return fail(i18n::msg("unterminated tag at byte {1}", {std::to_string(pos)}));
    bool closing = rest.starts_with("</");
    std::size_t name_begin = pos + (closing ? 2 : 1);
    std::size_t name_end = xml_.find_first_of(" \t\r\n/>", name_begin);
    std::string tag(xml_.substr(name_begin, name_end - name_begin));
    bool self_closing = xml_[gt - 1] == '/';
    if (tag == "plist") return gt + 1;
    if (closing) return close(tag, gt);
    if (tag == "key") return key(gt);
    return value(tag, pos, gt, self_closing);
  }

  util::Result<std::size_t> close(const std::string& tag, std::size_t gt) {
    if (stack_.empty() || stack_.back().tag != tag) return fail(i18n::msg("unexpected </{1}>", {tag}));
    elements_[stack_.back().path].end = gt + 1;
    elements_[stack_.back().path].content_end = xml_.rfind('<', gt);
    stack_.pop_back();
    return gt + 1;
  }

  util::Result<std::size_t> key(std::size_t gt) {
    if (stack_.empty() || stack_.back().tag != "dict") return fail(i18n::msg("<key> outside a dict"));
    std::size_t end = xml_.find("</key>", gt);
    if (end == std::string_view::npos) return fail(i18n::msg("unterminated <key>"));
    stack_.back().pending_key = decode_entities(xml_.substr(gt + 1, end - gt - 1));
    stack_.back().has_key = true;
    return end + 6;
  }

  util::Result<std::string> child_path_here() {
    if (stack_.empty()) {
      if (root_seen_) return fail(i18n::msg("more than one top-level element"));
      root_seen_ = true;
      return std::string{};
    }
    Frame& parent = stack_.back();
    if (parent.tag == "array") return index_path(parent.path, parent.count++);
    if (!parent.has_key) return fail(i18n::msg("dict value without a key"));
    parent.has_key = false;
    return child_path(parent.path, parent.pending_key);
  }

  util::Result<std::size_t> value(const std::string& tag, std::size_t pos, std::size_t gt, bool self_closing) {
    auto path = child_path_here();
    if (!path) return path.error();
    XmlElement e{tag, pos, gt + 1, gt + 1, gt + 1, self_closing};
    if ((tag == "dict" || tag == "array") && !self_closing) {
      if (stack_.size() >= kMaxPlistDepth) return fail(i18n::msg("nested too deep"));
      stack_.push_back(Frame{*path, tag, 0, {}, false});
      elements_[*path] = e;
      return gt + 1;
    }
    if (!self_closing) {
      std::string end_tag = "</" + tag + ">";
      std::size_t end = xml_.find(end_tag, gt);
      if (end == std::string_view::npos) return fail(i18n::msg("unterminated <{1}>", {tag}));
      e.content_end = end;
      e.end = end + end_tag.size();
    }
    elements_[*path] = e;
    return e.end;
  }

  std::string_view xml_;
  std::vector<Frame> stack_;
  std::map<std::string, XmlElement> elements_;
  bool root_seen_ = false;
};

}  // namespace

util::Result<std::map<std::string, XmlElement>> scan_xml_plist(std::string_view xml) { return Scanner(xml).run(); }

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

}  // namespace adapters::apple
