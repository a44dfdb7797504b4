// Windows implementation of testutil::run_program: CreateProcessW on three pipes (no shell); one
// thread feeds stdin and one drains stderr while this one drains stdout, so no pipe fills up.
#include <stdexcept>
#include <thread>

#include "support/testutil.hpp"
#include "util/windows_support.hpp"

namespace testutil {
namespace {

using util::win::Handle;

// One argument quoted the way the C runtime's command-line parser splits it back.
std::wstring quote(const std::wstring& arg) {
  if (!arg.empty() && arg.find_first_of(L" \t\n\v\"") == std::wstring::npos) return arg;
  std::wstring out = L"\"";
  std::size_t backslashes = 0;
  for (wchar_t c : arg) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    out.append(c == L'"' ? backslashes * 2 + 1 : backslashes, L'\\');
    backslashes = 0;
    out += c;
  }
  out.append(backslashes * 2, L'\\');
  return out + L'"';
}

struct Pipe {
  Handle read;
  Handle write;
};

// The child's end is inheritable, the parent's is not (or the child would keep its own pipe open).
Pipe make_pipe(bool child_reads) {
  SECURITY_ATTRIBUTES inheritable{sizeof inheritable, nullptr, TRUE};
  HANDLE r = nullptr;
  HANDLE w = nullptr;
  if (!CreatePipe(&r, &w, &inheritable, 0)) throw std::runtime_error("CreatePipe failed");
  SetHandleInformation(child_reads ? w : r, HANDLE_FLAG_INHERIT, 0);
  return Pipe{Handle(r), Handle(w)};
}

void drain(HANDLE from, std::string& into) {
  char buf[65536];
  DWORD n = 0;
  while (ReadFile(from, buf, sizeof buf, &n, nullptr) && n > 0) into.append(buf, n);
}

void feed(Handle& to, const std::string& bytes) {
  std::size_t written = 0;
  DWORD n = 0;
  while (written < bytes.size() &&
         WriteFile(to.get(), bytes.data() + written, static_cast<DWORD>(bytes.size() - written), &n, nullptr)) {
    written += n;
  }
  to = Handle();
}

}  // namespace

RunResult run_program(const std::vector<std::string>& argv, const std::string& stdin_data) {
  std::wstring command_line;
  for (const auto& arg : argv) {
    if (!command_line.empty()) command_line += L' ';
    command_line += quote(util::win::widen(arg));
  }
  Pipe in = make_pipe(true);
  Pipe out = make_pipe(false);
  Pipe err = make_pipe(false);
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = in.read.get();
  startup.hStdOutput = out.write.get();
  startup.hStdError = err.write.get();
  PROCESS_INFORMATION info{};
  RunResult r;
  if (!CreateProcessW(nullptr, command_line.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup, &info)) {
    r.exit_code = 127;  // as the POSIX side's failed exec
    r.err = "cannot start " + argv.at(0) + ": " + util::win::error_text(GetLastError());
    return r;
  }
  Handle process(info.hProcess);
  Handle thread(info.hThread);
  // The child holds its own copies; ours would keep the pipes open after it exits.
  in.read = Handle();
  out.write = Handle();
  err.write = Handle();
  std::thread stdin_writer([&] { feed(in.write, stdin_data); });
  std::thread stderr_reader([&] { drain(err.read.get(), r.err); });
  drain(out.read.get(), r.out);
  stdin_writer.join();
  stderr_reader.join();
  WaitForSingleObject(process.get(), INFINITE);
  DWORD code = 0;
  GetExitCodeProcess(process.get(), &code);
  r.exit_code = static_cast<int>(code);
  return r;
}

}  // namespace testutil
