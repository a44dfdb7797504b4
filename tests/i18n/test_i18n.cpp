// The message catalogue: what msgfmt compiled from po/zh_CN.po is embedded whole and complete, the
// .mo reader refuses hostile bytes with an error, the language comes from --lang, the locale
// variables and the system in that order, and the text report lines up by terminal columns.
#include <doctest/doctest.h>
#include <utf8proc.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "i18n/messages.hpp"
#include "i18n/text.hpp"
#include "support/testutil.hpp"
#include "util/display_width.hpp"

namespace {

// One entry of a .pot file: msgid and, for a plural entry, msgid_plural.
struct PotEntry {
  std::string msgid;
  std::string plural;
};

// The string of a .po line run: "a" "b" -> ab, with \" \\ \n unescaped.
std::string po_string(const std::string& quoted) {
  std::string out;
  bool inside = false;
  for (std::size_t i = 0; i < quoted.size(); ++i) {
    const char c = quoted[i];
    if (c == '"') {
      inside = !inside;
    } else if (inside && c == '\\' && i + 1 < quoted.size()) {
      const char e = quoted[++i];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e;
    } else if (inside) {
      out += c;
    }
  }
  return out;
}

std::vector<PotEntry> pot_entries() {
  std::ifstream in(std::string(MAILMEND_SOURCE_DIR) + "/po/mailmend.pot");
  REQUIRE(in);
  std::vector<PotEntry> entries;
  std::string line, keyword, text;
  auto flush = [&] {
    if (keyword == "msgid" && !text.empty()) entries.push_back({text, {}});
    if (keyword == "msgid_plural" && !entries.empty()) entries.back().plural = text;
    keyword.clear();
    text.clear();
  };
  while (std::getline(in, line)) {
    if (line.rfind("msgid_plural ", 0) == 0 || line.rfind("msgid ", 0) == 0 || line.rfind("msgstr", 0) == 0) {
      flush();
      keyword = line.substr(0, line.find(' '));
      text = po_string(line.substr(line.find(' ')));
    } else if (!line.empty() && line[0] == '"') {
      text += po_string(line);
    }
  }
  flush();
  return entries;
}

std::multiset<std::string> placeholders(const std::string& text) {
  std::multiset<std::string> out;
  static const std::regex placeholder(R"(\{[1-9]\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholder); it != std::sregex_iterator(); ++it) {
    out.insert(it->str());
  }
  return out;
}

std::string mo_header(std::uint32_t magic, std::uint32_t count, std::uint32_t originals, std::uint32_t translations) {
  std::string out;
  for (std::uint32_t v : {magic, 0u, count, originals, translations, 0u, 0u}) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  return out;
}

// Restores the English default after a test case that switched languages.
struct LanguageScope {
  explicit LanguageScope(i18n::Language l) { i18n::set_language(l); }
  ~LanguageScope() { i18n::set_language(i18n::Language::English); }
};

}  // namespace

TEST_SUITE("i18n catalogue") {
  TEST_CASE("every text of the sources has a zh_CN translation with the same placeholders") {
    const i18n::Catalogue* zh = i18n::embedded_catalogue(i18n::Language::SimplifiedChinese);
    REQUIRE(zh != nullptr);
    CHECK(zh->plural_forms() == 1);
    const auto entries = pot_entries();
    CHECK(entries.size() >= 30);
    CHECK(zh->size() == entries.size());
    for (const auto& e : entries) {
      INFO(e.msgid);
      const std::string* translated = zh->find(e.msgid);
      REQUIRE(translated != nullptr);
      CHECK(placeholders(*translated) == placeholders(e.msgid));
      if (!e.plural.empty()) CHECK(placeholders(e.plural) == placeholders(e.msgid));
    }
    CHECK(i18n::embedded_catalogue(i18n::Language::English) == nullptr);
  }

  TEST_CASE("tr and trn give the run's language, English when a text has no translation") {
    CHECK(i18n::tr("no problems found") == "no problems found");
    CHECK(i18n::trn("{1} account", "{1} accounts", 2) == "{1} accounts");
    CHECK(i18n::trn("{1} account", "{1} accounts", 1) == "{1} account");
    LanguageScope chinese(i18n::Language::SimplifiedChinese);
    CHECK(i18n::tr("no problems found") == "未发现问题");
    CHECK(i18n::trn("{1} account", "{1} accounts", 2) == "{1} 个账户");
    CHECK(i18n::tr("a text nobody translated") == "a text nobody translated");
  }

  TEST_CASE("format fills numbered placeholders in any order and leaves one without an argument") {
    CHECK(i18n::format("{2} before {1}", {"a", "b"}) == "b before a");
    CHECK(i18n::format("{1}{1} {3} {x} {", {"z", "y"}) == "zz {3} {x} {");
  }

  TEST_CASE("msg keeps the English text beside the run's language; values read the same in both") {
    using i18n::msg;
    const i18n::Text english = msg("{1} server", {std::string("IMAP")});
    CHECK(english.english == "IMAP server");
    CHECK(english.localized == "IMAP server");
    LanguageScope chinese(i18n::Language::SimplifiedChinese);
    const i18n::Text server = msg("{1} server", {std::string("POP3")});
    CHECK(server.english == "POP3 server");
    CHECK(server.localized == "POP3 服务器");
    // A phrase is an argument in its own language on each side.
    const i18n::Text sentence =
        msg("The {1} connection is not encrypted: the password and every message cross the network in clear text.",
            {server});
    CHECK(sentence.english ==
          "The POP3 server connection is not encrypted: the password and every message cross the network in clear "
          "text.");
    CHECK(sentence.localized == "POP3 服务器连接未加密：密码和每一封邮件都以明文在网络上传输。");
    // A text with no translation stays English on both sides.
    const i18n::Text untranslated = msg("a text nobody translated {1}", {std::string("x")});
    CHECK(untranslated.localized == "a text nobody translated x");
  }

  TEST_CASE("sentences join with a space in English and without one after a full-width stop") {
    LanguageScope chinese(i18n::Language::SimplifiedChinese);
    i18n::Text t = i18n::msg("Use {1}.", {std::string("pop.qq.com")});
    t.append_sentence(i18n::msg("Not fixed automatically: {1}.", {std::string("x")}));
    CHECK(t.english == "Use pop.qq.com. Not fixed automatically: x.");
    CHECK(t.localized == "请改用 pop.qq.com。未自动修复：x。");
    i18n::Text link = i18n::msg("{1}'s help: {2}", {std::string("QQ"), std::string("https://h.example/")});
    link.append_sentence(i18n::msg("(mailmend's data marks this fact unverified.)"));
    CHECK(link.localized == "QQ 帮助页面：https://h.example/ （mailmend 的数据将此项标记为未经核实。）");
    t.append_sentence(i18n::Text(std::string()));
    CHECK(t.english == "Use pop.qq.com. Not fixed automatically: x.");
    CHECK(i18n::join_list({std::string("a"), std::string("b")}).localized == "a、b");
    CHECK(i18n::join_list({std::string("a"), std::string("b")}).english == "a, b");
  }

  TEST_CASE("msgn chooses the English form by the count and the translation's single Chinese form") {
    const char* one = "The certificate of {1} expires in {2} day ({3}). After that, clients refuse the connection "
                      "until the server's administrator renews it.";
    const char* many = "The certificate of {1} expires in {2} days ({3}). After that, clients refuse the connection "
                       "until the server's administrator renews it.";
    LanguageScope chinese(i18n::Language::SimplifiedChinese);
    const auto t = i18n::msgn(one, many, 3, {std::string("s"), std::string("3"), std::string("2027-01-01")});
    CHECK(t.english.find("expires in 3 days (2027-01-01)") != std::string::npos);
    CHECK(t.localized == "s 的证书将在 3 天后过期（2027-01-01）。过期后，客户端会拒绝连接，直到服务器管理员更新证书。");
    CHECK(i18n::msgn(one, many, 1, {std::string("s"), std::string("1"), std::string("d")}).english.find("in 1 day (") !=
          std::string::npos);
  }

  TEST_CASE("a .mo image that is not one is refused with a one-line error naming it") {
    using i18n::Catalogue;
    CHECK(Catalogue::from_mo("", "x.mo").error().message == "x.mo: too short for a .mo file");
    CHECK(Catalogue::from_mo("GIF89a-and-more-bytes-here", "x.mo").error().message ==
          "x.mo: not a .mo file (wrong magic number)");
    CHECK(Catalogue::from_mo(mo_header(0x950412de, 1, 28, 1u << 30), "x.mo").error().message ==
          "x.mo: entry 0 points outside the file");
    CHECK(Catalogue::from_mo(mo_header(0x950412de, 0xffffffffu, 28, 36), "x.mo").error().message ==
          "x.mo: claims 4294967295 entries");
    std::string lying = mo_header(0x950412de, 1, 28, 36);
    for (std::uint32_t v : {5u, 0xfffffff0u, 1u, 44u}) {  // an original whose offset wraps past the end
      for (int i = 0; i < 4; ++i) lying += static_cast<char>((v >> (8 * i)) & 0xff);
    }
    lying += "hello";
    CHECK(Catalogue::from_mo(lying, "x.mo").error().message == "x.mo: entry 0 points outside the file");
    auto empty = Catalogue::from_mo(mo_header(0x950412de, 0, 28, 28), "x.mo");
    REQUIRE(empty);
    CHECK(empty->size() == 0);
  }
}

TEST_SUITE("i18n language") {
  TEST_CASE("locale names and tags map to the languages mailmend has; others to none") {
    using L = i18n::Language;
    CHECK(i18n::language_from_tag("zh_CN.UTF-8") == L::SimplifiedChinese);
    CHECK(i18n::language_from_tag("zh-Hans-CN") == L::SimplifiedChinese);
    CHECK(i18n::language_from_tag("zh_SG.GB18030") == L::SimplifiedChinese);
    CHECK(i18n::language_from_tag("zh") == L::SimplifiedChinese);
    CHECK(i18n::language_from_tag("en_GB.UTF-8@euro") == L::English);
    CHECK(i18n::language_from_tag("C.UTF-8") == L::English);
    CHECK(i18n::language_from_tag("POSIX") == L::English);
    CHECK(!i18n::language_from_tag("zh_TW.UTF-8"));
    CHECK(!i18n::language_from_tag("de_DE"));
    CHECK(i18n::tag(L::SimplifiedChinese) == "zh-CN");
  }

  TEST_CASE("LC_ALL, then LC_MESSAGES, then LANG, then the system's language; unknown is English") {
    using L = i18n::Language;
    std::map<std::string, std::string> env;
    auto from = [&](std::string_view system) {
      return i18n::language_from_environment([&](const char* n) { return env.count(n) ? env[n] : ""; }, system);
    };
    CHECK(from("") == L::English);
    CHECK(from("zh-CN") == L::SimplifiedChinese);
    env["LANG"] = "zh_CN.UTF-8";
    CHECK(from("en") == L::SimplifiedChinese);
    env["LC_MESSAGES"] = "en_US.UTF-8";
    CHECK(from("") == L::English);
    env["LC_ALL"] = "zh_CN.GBK";
    CHECK(from("") == L::SimplifiedChinese);
    env["LC_ALL"] = "fr_FR.UTF-8";  // set but unknown: English, not the next variable
    CHECK(from("zh-CN") == L::English);
  }
}

TEST_SUITE("i18n display width") {
  TEST_CASE("columns: ASCII one, CJK two, a combining mark none, a stray byte one") {
    CHECK(util::display_width("imap.qq.com:993") == 15);
    CHECK(util::display_width("收件服务器") == 10);
    CHECK(util::display_width("e\xCC\x81") == 1);
    CHECK(util::display_width("a\xFF") == 2);
    CHECK(util::pad_to_width("错误", 7) == "错误   ");
    CHECK(util::pad_to_width("WARNING", 7) == "WARNING");
  }

  TEST_CASE("every ASCII byte is as wide as utf8proc says (the fast path for ASCII)") {
    for (int c = 1; c < 0x80; ++c) {
      INFO(c);
      CHECK(util::display_width(std::string(1, static_cast<char>(c))) == static_cast<std::size_t>(std::max(0, utf8proc_charwidth(c))));
    }
    CHECK(util::display_width(std::string("a\0b", 3)) == 2);
  }

  TEST_CASE("wrapping Chinese text breaks between characters, never inside one or a word, nor before closing punctuation") {
    const std::string text = "请在网页版设置中开启 IMAP 服务，然后使用授权码登录 imap.qq.com:993。";
    const auto lines = util::wrap_to_width(text, 18);
    std::string joined;
    for (const auto& line : lines) {
      INFO(line);
      CHECK(util::display_width(line) <= 18);
      CHECK(line.rfind("，", 0) != 0);
      CHECK(line.rfind("。", 0) != 0);
      joined += line;
    }
    CHECK(lines.size() >= 4);
    CHECK(joined.find("imap.qq.com:993") != std::string::npos);  // the host stayed whole
    std::string without_spaces;
    for (char c : text) if (c != ' ') without_spaces += c;
    std::string joined_without_spaces;
    for (char c : joined) if (c != ' ') joined_without_spaces += c;
    CHECK(joined_without_spaces == without_spaces);  // nothing lost, every character whole
  }

  TEST_CASE("wrapping English text keeps words and escapes whole and drops the breaking spaces") {
    CHECK(util::wrap_to_width("the host \\x1b[31m is not one of", 12) ==
          std::vector<std::string>{"the host", "\\x1b[31m is", "not one of"});
    CHECK(util::wrap_to_width("averyveryverylongword x", 5) == std::vector<std::string>{"averyveryverylongword", "x"});
    CHECK(util::wrap_to_width("", 10) == std::vector<std::string>{""});
  }
}
