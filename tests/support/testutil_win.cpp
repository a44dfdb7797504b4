// run_program on Windows: CreateProcessW with the arguments quoted so that CommandLineToArgvW (what
// the child's C runtime and mailmend's own GetCommandLineW reading use) gives them back exactly;
// the three standard streams through pipes, each served by its own thread so that neither side
// can block the other.
#include <algorithm>
#include <chrono>
#include <cwchar>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/testutil.hpp"
#include "util/windows_support.hpp"

namespace testutil {

namespace {

using util::win::Handle;

// `arg` as one argument for CommandLineToArgvW: bare when it has no white space or quote;
// otherwise in quotes, where backslashes are literal except right before a quote (2n
// backslashes + quote read as n backslashes and the end of the argument, 2n+1 + quote as n
// backslashes and a quote character).
std::wstring quoted_argument(const std::wstring& arg) {
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) return arg;
  std::wstring out = L"\"";
  std::size_t backslashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    out.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    out.push_back(c);
    backslashes = 0;
  }
  out.append(backslashes * 2, L'\\');
  out.push_back(L'"');
  return out;
}

std::wstring command_line(const std::vector<std::string>& argv) {
  std::wstring line;
  for (const auto& arg : argv) {
    if (!line.empty()) line.push_back(L' ');
    line += quoted_argument(util::win::widen(arg));
  }
  return line;
}

// The parent's environment block with `changes` applied (CreateProcessW, Unicode): "NAME=VALUE\0"
// entries, the last one followed by another NUL. Names compare case-insensitively, as Windows does.
std::wstring environment_block(const Environment& changes) {
  std::vector<std::wstring> entries;
  wchar_t* parent = GetEnvironmentStringsW();
  for (const wchar_t* p = parent; p && *p; p += wcslen(p) + 1) entries.emplace_back(p);
  if (parent) FreeEnvironmentStringsW(parent);
  for (const auto& [name, value] : changes) {
    const std::wstring wide_name = util::win::widen(name) + L"=";
    std::erase_if(entries, [&](const std::wstring& e) {
      return e.size() >= wide_name.size() && _wcsnicmp(e.c_str(), wide_name.c_str(), wide_name.size()) == 0;
    });
    entries.push_back(wide_name + util::win::widen(value));
  }
  std::wstring block;
  for (const auto& e : entries) block += e + L'\0';
  block.push_back(L'\0');
  return block;
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(what + ": " + util::win::error_text(GetLastError()));
}

// A pipe whose child end is inherited and whose parent end is not (an inherited parent end
// would keep the pipe open in the child, and the reader would never see its end).
struct Pipe {
  Handle child_end;
  Handle parent_end;
};

Pipe make_pipe(bool child_reads) {
  SECURITY_ATTRIBUTES inheritable{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  HANDLE read_end = nullptr;
  HANDLE write_end = nullptr;
  if (!CreatePipe(&read_end, &write_end, &inheritable, 0)) fail("CreatePipe");
  Pipe pipe = child_reads ? Pipe{Handle(read_end), Handle(write_end)} : Pipe{Handle(write_end), Handle(read_end)};
  if (!SetHandleInformation(pipe.parent_end.get(), HANDLE_FLAG_INHERIT, 0)) fail("SetHandleInformation");
  return pipe;
}

// Reads `from` until the child's end is closed.
void drain(const Handle& from, std::string& into) {
  char buffer[65536];
  DWORD n = 0;
  while (ReadFile(from.get(), buffer, sizeof buffer, &n, nullptr) && n > 0) into.append(buffer, n);
}

// Writes `bytes` to the child's standard input, then closes it; stops early when the child
// closed its end (exited without reading everything).
void feed(Handle to, const std::string& bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    DWORD n = 0;
    const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(bytes.size() - written, 65536));
    if (!WriteFile(to.get(), bytes.data() + written, chunk, &n, nullptr)) break;
    written += n;
  }
}

// Starts the child. Wine (8.0, loaded 2-core machines) now and then reports ERROR_INTERNAL_ERROR:
// the new process died while Wine was still setting it up, before any of its own code ran. Nothing
// of the program under test happened then, so starting it again is safe; other errors are final.
bool create_process(std::wstring& line, std::wstring& block, STARTUPINFOW& startup, PROCESS_INFORMATION& created) {
  constexpr int attempts = 3;
  for (int attempt = 1;; ++attempt) {
    if (CreateProcessW(nullptr, line.data(), nullptr, nullptr, TRUE, CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT,
                       block.empty() ? nullptr : block.data(), nullptr, &startup, &created))
      return true;
    if (GetLastError() != ERROR_INTERNAL_ERROR || attempt == attempts) return false;
    Sleep(200);
  }
}

}  // namespace

RunResult run_program(const std::vector<std::string>& argv, const std::string& stdin_data, std::chrono::seconds timeout,
                      const Environment& environment) {
  if (argv.empty()) throw std::invalid_argument("run_program: no program");
  Pipe in = make_pipe(true);
  Pipe out = make_pipe(false);
  Pipe err = make_pipe(false);

  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = in.child_end.get();
  startup.hStdOutput = out.child_end.get();
  startup.hStdError = err.child_end.get();
  PROCESS_INFORMATION created{};
  std::wstring line = command_line(argv);
  std::wstring block = environment.empty() ? std::wstring() : environment_block(environment);
  if (!create_process(line, block, startup, created)) {
    RunResult not_started;  // as a shell reports a program it cannot run
    not_started.exit_code = 127;
    not_started.err = "cannot start " + argv[0] + ": " + util::win::error_text(GetLastError()) + "\n";
    return not_started;
  }
  Handle process(created.hProcess);
  Handle thread(created.hThread);
  // Only the child may hold these now: its exit then ends the readers and the writer.
  in.child_end = Handle();
  out.child_end = Handle();
  err.child_end = Handle();

  RunResult r;
  std::thread writer(feed, std::move(in.parent_end), std::cref(stdin_data));
  std::thread out_reader(drain, std::cref(out.parent_end), std::ref(r.out));
  std::thread err_reader(drain, std::cref(err.parent_end), std::ref(r.err));
  const auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
  const bool timed_out = WaitForSingleObject(process.get(), static_cast<DWORD>(limit)) == WAIT_TIMEOUT;
  if (timed_out) {
    TerminateProcess(process.get(), 1);
    WaitForSingleObject(process.get(), INFINITE);
  }
  writer.join();
  out_reader.join();
  err_reader.join();
  if (timed_out) throw std::runtime_error(timeout_message(argv, timeout));
  DWORD code = 0;
  GetExitCodeProcess(process.get(), &code);
  r.exit_code = static_cast<int>(code);
  return r;
}

void set_environment_variable(const std::string& name, const std::string& value) {
  _putenv_s(name.c_str(), value.c_str());  // also the process environment CreateProcessW passes on
}

bool host_tools_available() { return false; }

std::string home_variable() { return "USERPROFILE"; }

std::string missing_file_error() { return util::win::error_text(ERROR_FILE_NOT_FOUND); }

bool files_have_posix_modes() { return false; }

bool open_files_can_be_renamed_over() { return false; }

bool make_symlink(const std::filesystem::path& target, const std::filesystem::path& link) {
  std::error_code ec;
  if (std::filesystem::is_directory(target, ec)) {
    std::filesystem::create_directory_symlink(target, link, ec);
  } else {
    std::filesystem::create_symlink(target, link, ec);
  }
  return !ec;
}

bool make_fifo(const std::filesystem::path&) { return false; }

}  // namespace testutil
