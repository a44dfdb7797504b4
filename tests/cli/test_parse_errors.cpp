// CLI11's parse errors worded again from their parts: the English is CLI11's byte for byte, the
// Chinese names the same option and value, and an error of a type (or wording) not mapped keeps
// CLI11's English in both.
#include <doctest/doctest.h>

#include <CLI/CLI.hpp>

#include "cli/parse_errors.hpp"
#include "i18n/messages.hpp"

namespace {

struct ChineseRun {
  ChineseRun() { i18n::set_language(i18n::Language::SimplifiedChinese); }
  ~ChineseRun() { i18n::set_language(i18n::Language::English); }
};

// The error's text in Chinese; its English must be CLI11's what().
std::string chinese(const CLI::Error& e) {
  ChineseRun zh;
  const auto text = cli::parse_error_text(e);
  CHECK(text.english == e.what());
  return text.localized;
}

}  // namespace

TEST_SUITE("cli parse errors") {
  TEST_CASE("each CLI11 error type mailmend's options raise has its own words in Chinese") {
    CHECK(chinese(CLI::ExtrasError("audit", std::vector<std::string>{"--bogus"})) == "无法识别的参数：--bogus");
    CHECK(chinese(CLI::ExtrasError("audit", std::vector<std::string>{"b", "a"})) == "无法识别的参数：a b");
    CHECK(chinese(CLI::RequiredError("--out")) == "必须指定 --out");
    CHECK(chinese(CLI::RequiredError("address")) == "必须指定 address");
    CHECK(chinese(CLI::RequiredError::Subcommand(1)) == "必须指定子命令");
    CHECK(chinese(CLI::ArgumentMismatch::TypedAtLeast("--format", 1, "TEXT:{text,json}")) ==
          "--format：缺少取值（需要 1 个 TEXT:{text,json}）");
    CHECK(chinese(CLI::ConversionError("--jobs", std::vector<std::string>{"abc"})) == "--jobs 的取值无法转换：abc");
    CHECK(chinese(CLI::ValidationError("--format", "xml not in {text,json}")) ==
          "--format：xml 不是可选的取值 {text,json} 之一");
    CHECK(chinese(CLI::ValidationError("--jobs", "Value 0 not in range 1 to 256")) ==
          "--jobs：取值 0 不在 1 到 256 的范围内");
  }

  TEST_CASE("a subcommand required where a word stands names that word; mailmend's words, not CLI11's") {
    ChineseRun zh;
    const auto misspelt = cli::parse_error_text(CLI::RequiredError::Subcommand(1), {"audti", "--home", "."});
    CHECK(misspelt.english == "'audti' is not a subcommand");
    CHECK(misspelt.localized == "'audti' 不是有效的子命令");
    const auto option = cli::parse_error_text(CLI::RequiredError::Subcommand(1), {"--bogus"});
    CHECK(option.english == "A subcommand is required");
    CHECK(option.localized == "必须指定子命令");
  }

  TEST_CASE("a refusal of mailmend's own validator is found by its English") {
    ChineseRun zh;
    const auto reason = i18n::msg("unknown rule id '{1}' (nearest known: {2}; `mailmend rules` lists them all)",
                                  {std::string("plaintxt"), std::string("plaintext")});
    const std::string english = cli::validator_refusal(reason);
    CHECK(english == "unknown rule id 'plaintxt' (nearest known: plaintext; `mailmend rules` lists them all)");
    const auto text = cli::parse_error_text(CLI::ValidationError("--only", english));
    CHECK(text.english == "--only: " + english);
    CHECK(text.localized == "--only：未知的规则 ID 'plaintxt'（最接近的已知规则：plaintext；`mailmend rules` 可列出全部规则）");
    CHECK(cli::validator_refusal(i18n::Text()).empty());  // an accepted value
  }

  TEST_CASE("other errors, and words that do not fit, keep CLI11's English") {
    ChineseRun zh;
    auto keeps_english = [](const CLI::Error& e) {
      const auto text = cli::parse_error_text(e);
      CHECK(text.english == e.what());
      CHECK(text.localized == e.what());
    };
    keeps_english(CLI::RequiredError::Option(1, 1, 0, "--a, --b"));  // "Exactly 1 option from [...]": no one name
    keeps_english(CLI::ValidationError("--when", "Input is empty"));  // a validator mailmend does not use
    keeps_english(CLI::ArgumentMismatch::AtMost("--home", 1, 2));     // a policy mailmend does not set
    keeps_english(CLI::ExtrasError("INI was not able to parse x", CLI::ExitCodes::ExtrasError));
    keeps_english(CLI::ExcludesError("-4", "-6"));
    keeps_english(CLI::FileError::Missing("x.ini"));
  }

  TEST_CASE("in English every mapped error is CLI11's text") {
    const auto text = cli::parse_error_text(CLI::ExtrasError("audit", std::vector<std::string>{"--bogus"}));
    CHECK(text.english == "The following argument was not expected: --bogus");
    CHECK(text.localized == text.english);
  }
}
