#include <windows.h>

#include <iostream>

#include "util/secret_input.hpp"
#include "util/windows_support.hpp"

namespace util {
namespace {

// A console line read as UTF-16 (so any script's password arrives intact), echo off.
std::optional<std::string> read_console_line(HANDLE input, DWORD mode) {
  SetConsoleMode(input, mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
  std::wstring wide;
  wchar_t buffer[256];
  DWORD got = 0;
  bool ended = false;
  while (!ended && ReadConsoleW(input, buffer, 256, &got, nullptr) && got > 0) {
    for (DWORD i = 0; i < got && !ended; ++i) {
      if (buffer[i] == L'\n') ended = true;
      else if (buffer[i] != L'\r') wide.push_back(buffer[i]);
    }
  }
  SecureZeroMemory(buffer, sizeof buffer);
  SetConsoleMode(input, mode);
  std::cerr << "\n";
  if (!ended && wide.empty()) return std::nullopt;
  std::string line = win::narrow(wide);
  SecureZeroMemory(wide.data(), wide.size() * sizeof(wchar_t));
  return line;
}

}  // namespace

std::optional<std::string> read_secret_line(const std::string& prompt) {
  std::cerr << prompt << std::flush;
  HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
  DWORD mode = 0;
  if (GetConsoleMode(input, &mode)) return read_console_line(input, mode);
  std::string line;
  if (!std::getline(std::cin, line)) {
    wipe_secret(line);
    return std::nullopt;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace util
