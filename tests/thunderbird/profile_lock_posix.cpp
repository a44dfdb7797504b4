// profile_lock cases that only mean something on POSIX: Thunderbird's lock symlink and the fcntl
// lock on .parentlock held by another process (fork).
#include "adapters/thunderbird/profile_lock.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "adapters/thunderbird/adapter.hpp"
#include "support/testutil.hpp"

namespace fs = std::filesystem;
using namespace adapters::thunderbird;

namespace {

// A child process that holds the fcntl write lock on `file` until killed.
struct LockHolder {
  pid_t pid = -1;
  explicit LockHolder(const fs::path& file) {
    int ready[2];
    REQUIRE(pipe(ready) == 0);
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      int fd = open(file.c_str(), O_RDWR | O_CREAT, 0600);
      struct flock fl {};
      fl.l_type = F_WRLCK;
      fl.l_whence = SEEK_SET;
      char ok = (fd >= 0 && fcntl(fd, F_SETLK, &fl) == 0) ? '1' : '0';
      (void)!write(ready[1], &ok, 1);
      for (;;) pause();
    }
    close(ready[1]);
    char ok = '0';
    REQUIRE(read(ready[0], &ok, 1) == 1);
    close(ready[0]);
    REQUIRE(ok == '1');
  }
  ~LockHolder() {
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
  }
};

}  // namespace

TEST_SUITE("profile_lock") {
  TEST_CASE("a lock symlink naming a live pid means Thunderbird is running") {
    fs::create_symlink("127.0.0.1:+" + std::to_string(getpid()), "lock");
    auto s = profile_lock_state(".");
    CHECK(s.locked);
    CHECK(s.message.english == "Thunderbird is running (pid " + std::to_string(getpid()) + ", lock symlink ./lock)");
  }

  TEST_CASE("a dangling lock symlink with a dead pid, or a garbage target, is stale") {
    fs::create_symlink("127.0.0.1:+2147483646", "lock");
    CHECK_FALSE(profile_lock_state(".").locked);
    fs::remove("lock");
    fs::create_symlink("garbage", "lock");
    CHECK_FALSE(profile_lock_state(".").locked);
  }

  TEST_CASE(".parentlock held with fcntl by another process means running; unheld means not") {
    testutil::write_bytes(".parentlock", "");
    CHECK_FALSE(profile_lock_state(".").locked);
    LockHolder holder(".parentlock");
    auto s = profile_lock_state(".");
    CHECK(s.locked);
    CHECK(s.message.english == "Thunderbird is running (pid " + std::to_string(holder.pid) + " holds the lock on ./.parentlock)");
  }

  TEST_CASE("a locked profile is still read, with status locked, and lock_state takes the prefs.js path") {
    fs::create_directories("p");
    testutil::write_bytes("p/prefs.js",
                          "user_pref(\"mail.accountmanager.accounts\", \"account1\");\n"
                          "user_pref(\"mail.account.account1.server\", \"server1\");\n"
                          "user_pref(\"mail.server.server1.type\", \"imap\");\n"
                          "user_pref(\"mail.server.server1.hostname\", \"imap.example.com\");\n");
    LockHolder holder("p/.parentlock");
    ThunderbirdAdapter tb(Options{{}});
    auto out = tb.read("p");
    REQUIRE(out.sources.size() == 1);
    CHECK(out.sources[0].status == core::SourceStatus::Locked);
    CHECK(out.sources[0].message == "profile 'p': 1 mail account; Thunderbird is running (pid " +
                                        std::to_string(holder.pid) + " holds the lock on p/.parentlock)");
    CHECK(out.accounts.size() == 1);
    CHECK(tb.lock_state("p/prefs.js").locked);
    CHECK(tb.lock_state("p").locked);
  }
}
