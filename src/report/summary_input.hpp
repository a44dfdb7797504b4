#pragma once
// The fleet summary's inputs: files, folders and standard input read as streams of JSON reports
// and NDJSON records (the records of one run become one report), small files several at a time,
// delivered in input order whatever the number of threads.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "report/summary_scan.hpp"

namespace report::summary_input {

struct Event {
  enum class Kind { Report, Problem, EmptyFolder } kind;
  scan::Digest report;  // Kind::Report: a report, or the records of one run (kind RunRecord)
  std::string text;     // Report: where it was read ("FILE" or "FILE:LINE"); else the line or folder
};

// Calls `deliver` for every report, problem and empty folder, in the order of the inputs (files
// of a folder in sorted order). "-" is standard input.
void read_inputs(const std::vector<std::filesystem::path>& inputs, unsigned threads,
                 const std::function<void(Event&&)>& deliver);

}  // namespace report::summary_input
