#include "util/diff.hpp"

#include <algorithm>
#include <vector>

namespace util {
namespace {

enum class OpKind { Equal, Delete, Insert };

struct Op {
  OpKind kind;
  std::string_view line;
};

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

using Lines = std::vector<std::string_view>;

// Forward greedy Myers; trace[d] holds V for k in [-d, d] after step d (O(D^2) memory).
// Returns false when more than max_edits edits would be needed. Positions are stored as int (half
// the memory); a text with 2^31 lines would not fit in memory as string_views anyway.
bool myers_trace(const Lines& a, const Lines& b, std::size_t max_edits, std::vector<std::vector<int>>& trace) {
  const long n = static_cast<long>(a.size());
  const long m = static_cast<long>(b.size());
  const long limit = std::min<long>(n + m, static_cast<long>(max_edits));
  std::vector<int> v(2 * limit + 3, 0);
  const long offset = limit + 1;
  for (long d = 0; d <= limit; ++d) {
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1]
                                                                              : v[offset + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[offset + k] = static_cast<int>(x);
    }
    trace.emplace_back(v.begin() + offset - d, v.begin() + offset + d + 1);
    for (long k = -d; k <= d; k += 2) {
      if (v[offset + k] >= n && v[offset + k] - k >= m) return true;
    }
  }
  return false;
}

std::vector<Op> myers_ops(const Lines& a, const Lines& b, std::size_t max_edits) {
  std::vector<std::vector<int>> trace;
  std::vector<Op> ops;
  if (!myers_trace(a, b, max_edits, trace)) {
    for (auto line : a) ops.push_back({OpKind::Delete, line});
    for (auto line : b) ops.push_back({OpKind::Insert, line});
    return ops;
  }
  long x = static_cast<long>(a.size());
  long y = static_cast<long>(b.size());
  for (long d = static_cast<long>(trace.size()) - 1; d > 0; --d) {
    const auto& prev = trace[d - 1];  // k in [-(d-1), d-1]
    auto at = [&](long k) { return prev[k + d - 1]; };
    long k = x - y;
    bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
    long prev_k = down ? k + 1 : k - 1;
    long prev_x = at(prev_k);
    long prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) ops.push_back({OpKind::Equal, a[--x]}), --y;
    if (down) {
      ops.push_back({OpKind::Insert, b[--y]});
    } else {
      ops.push_back({OpKind::Delete, a[--x]});
    }
  }
  while (x > 0 && y > 0) ops.push_back({OpKind::Equal, a[--x]}), --y;
  std::reverse(ops.begin(), ops.end());
  return ops;
}

std::vector<Op> edit_script(const Lines& a, const Lines& b, std::size_t max_edits) {
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Op> ops;
  for (std::size_t i = 0; i < prefix; ++i) ops.push_back({OpKind::Equal, a[i]});
  Lines mid_a(a.begin() + prefix, a.end() - suffix);
  Lines mid_b(b.begin() + prefix, b.end() - suffix);
  for (const auto& op : myers_ops(mid_a, mid_b, max_edits)) ops.push_back(op);
  for (std::size_t i = a.size() - suffix; i < a.size(); ++i) ops.push_back({OpKind::Equal, a[i]});
  return ops;
}

std::string range_text(std::size_t start, std::size_t count) {
  std::size_t first = count == 0 ? start : start + 1;
  if (count == 1) return std::to_string(first);
  return std::to_string(first) + "," + std::to_string(count);
}

void append_line(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

void append_hunk(std::string& out, const std::vector<Op>& ops, std::size_t begin, std::size_t end,
                 std::size_t old_start, std::size_t new_start) {
  std::size_t old_count = 0, new_count = 0;
  for (std::size_t i = begin; i < end; ++i) {
    old_count += ops[i].kind != OpKind::Insert ? 1 : 0;
    new_count += ops[i].kind != OpKind::Delete ? 1 : 0;
  }
  out += "@@ -" + range_text(old_start, old_count) + " +" + range_text(new_start, new_count) + " @@\n";
  for (std::size_t i = begin; i < end; ++i) {
    char prefix = ops[i].kind == OpKind::Equal ? ' ' : ops[i].kind == OpKind::Delete ? '-' : '+';
    append_line(out, prefix, ops[i].line);
  }
}

}  // namespace

std::string unified_diff(std::string_view old_text, std::string_view new_text, std::string_view old_label,
                         std::string_view new_label, std::size_t context, std::size_t max_edits) {
  if (old_text == new_text) return {};
  const Lines a = split_lines(old_text);
  const Lines b = split_lines(new_text);
  const std::vector<Op> ops = edit_script(a, b, max_edits);

  // Old and new line positions before each op.
  std::vector<std::size_t> old_pos(ops.size() + 1, 0), new_pos(ops.size() + 1, 0);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    old_pos[i + 1] = old_pos[i] + (ops[i].kind != OpKind::Insert ? 1 : 0);
    new_pos[i + 1] = new_pos[i] + (ops[i].kind != OpKind::Delete ? 1 : 0);
  }
  std::vector<std::size_t> changes;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].kind != OpKind::Equal) changes.push_back(i);
  }

  std::string out = "--- " + std::string(old_label) + "\n+++ " + std::string(new_label) + "\n";
  for (std::size_t c = 0; c < changes.size();) {
    std::size_t first = changes[c];
    std::size_t last = first;
    while (c + 1 < changes.size() && changes[c + 1] - last - 1 <= 2 * context) last = changes[++c];
    ++c;
    std::size_t begin = first > context ? first - context : 0;
    std::size_t end = std::min(ops.size(), last + context + 1);
    append_hunk(out, ops, begin, end, old_pos[begin], new_pos[begin]);
  }
  return out;
}

}  // namespace util
