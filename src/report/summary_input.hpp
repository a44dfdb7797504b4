#pragma once
// The fleet summary's inputs: files, folders and standard input read as streams of JSON reports
// and NDJSON records (the records of one run become one report), small files several at a time,
// delivered in input order whatever the number of threads.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "i18n/text.hpp"
#include "report/summary_scan.hpp"

namespace report::summary_input {

struct Event {
  enum class Kind { Report, Problem, EmptyFolder } kind;
  scan::Digest report;  // Kind::Report: a report, or the records of one run (kind RunRecord)
  std::string text;     // Report: where it was read ("FILE" or "FILE:LINE"); else the line (English) or folder
  std::string localized;  // Problem: the line in the run's language (empty in an English run)

  static Event report_from(scan::Digest&& digest, std::string origin) {
    return Event{Kind::Report, std::move(digest), std::move(origin), {}};
  }
  static Event problem(const i18n::Text& line) { return Event{Kind::Problem, {}, line.english, i18n::localized_member(line)}; }
  static Event empty_folder(std::string folder) { return Event{Kind::EmptyFolder, {}, std::move(folder), {}}; }
};

// Calls `deliver` for every report, problem and empty folder, in the order of the inputs (files
// of a folder in sorted order). "-" is standard input.
void read_inputs(const std::vector<std::filesystem::path>& inputs, unsigned threads,
                 const std::function<void(Event&&)>& deliver);

}  // namespace report::summary_input
