#pragma once
// What the tool asks of the operating system besides files: who runs it, where homes are, the
// time, other processes, terminals, temporary folders.
// Platform layer: system_posix.cpp and system_win.cpp implement it.
#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/result.hpp"
#include "util/safe_fs.hpp"

namespace util {

// The program's arguments in UTF-8: argv as given on POSIX; on Windows read from
// GetCommandLineW, whatever the console's code page.
std::vector<std::string> command_line_arguments(int argc, char** argv);

// Makes standard output and error carry UTF-8 bytes as written: on Windows the console shows
// UTF-8 and no "\n" becomes "\r\n" (reports are byte-identical on every platform).
void prepare_standard_streams();

// The system this build runs on, for the few lists that differ (where a client is installed).
enum class Platform { Linux, MacOS, Windows };
Platform current_platform();

// Root (effective uid 0) on POSIX; on Windows an elevated administrator or SYSTEM.
bool running_privileged();

// The effective user and group that run the tool (0 on Windows).
UserId current_user_id();
GroupId current_group_id();

// This machine's name; "unknown" when it cannot be told.
std::string host_name();

// This machine's stable id, so that a fleet can tell two machines of one name apart: Linux's
// /etc/machine-id (else /var/lib/dbus/machine-id), macOS's IOPlatformUUID (gethostuuid), Windows'
// HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid. Empty when it cannot be told.
std::string machine_id();

// The current user's home folder (HOME, else the password database; %USERPROFILE% on Windows);
// empty when it cannot be told.
std::filesystem::path current_user_home();

// Where the current user's applications keep their settings when the environment says so:
// $XDG_CONFIG_HOME on POSIX, %APPDATA% on Windows (which folder redirection may put on a server).
// Empty when not set.
std::filesystem::path current_user_settings_folder();

// Bytes from the system's random source (getentropy on POSIX, the C++ library's random_device,
// which is RtlGenRandom, on Windows). Where that source fails (a kernel without it), the time, the
// process id and a counter stand in: the names made from them are still created exclusively.
void fill_random(unsigned char* bytes, std::size_t count);

// `digits` random lowercase hexadecimal digits (fill_random), for names no one else should guess
// or take first: temporary files and folders, backups.
std::string random_hex(std::size_t digits);

// The broken-down UTC time of `t`.
std::tm utc_time(std::time_t t);

// Every home folder the system's user database names (absolute paths): the password database on
// POSIX, ProfileList on Windows.
std::vector<std::filesystem::path> user_database_homes();

// Where --all-users finds home folders: folders whose subfolders are homes (POSIX: /home and
// /Users), and homes the system lists itself (Windows: ProfileList); `described` names them.
struct AllUsersHomes {
  std::vector<std::filesystem::path> parents;
  std::vector<std::filesystem::path> homes;
  std::string described;
};
AllUsersHomes all_users_homes();

// The user and primary group a privileged run should take on to read `home` (its owner's), or
// nullopt when nothing changes (not privileged, owned by root, cannot be told, or Windows).
struct Account {
  UserId uid = 0;
  GroupId gid = 0;
};
std::optional<Account> home_owner_account(const std::filesystem::path& home);

// Whether the process `pid` exists (signal 0 / OpenProcess).
bool process_alive(long pid);

// Whether another process holds `file` locked the way Mozilla applications lock a profile, and
// if so who, in words: an fcntl write lock on POSIX ("pid 1234"); on Windows the file opened
// without sharing (opening it fails with a sharing violation). nullopt when not locked, missing,
// or a link (never followed).
std::optional<std::string> lock_holder(const std::filesystem::path& file);

// Whether opening `file` for reading is refused for lack of permission (macOS privacy protection,
// ACLs) rather than for any other reason.
bool read_permission_denied(const std::filesystem::path& file);

// Ends the process at once, as a power cut would: no clean-up of any kind (SIGKILL on POSIX,
// TerminateProcess on Windows). For the fix engine's crash tests only.
[[noreturn]] void die_abruptly();

// Whether standard output is a terminal (colours).
bool stdout_is_terminal();

// Creates a folder only the current user can enter, with a unique name starting with `prefix`,
// in the system's temporary folder.
Result<std::filesystem::path> make_private_temp_folder(const std::string& prefix);

// The user's cache folder: $XDG_CACHE_HOME (absolute) or ~/.cache; ~/Library/Caches on macOS;
// %LOCALAPPDATA% on Windows.
std::filesystem::path user_cache_folder();

// Where backups go by default: a machine-wide folder when privileged (/var/backups/mailmend,
// %ProgramData%\mailmend\backups), else the user's state folder.
std::filesystem::path default_backup_root();

// A privileged run trusts a backup folder only when no other user can enter it (a user who could
// edit a manifest could make the privileged run write chosen bytes to a chosen path): owned by
// root with mode 0700 on POSIX; on Windows an ACL granting SYSTEM, Administrators and the running user only.
// An error says why it is not trusted. Unprivileged runs trust their own folder.
Status check_private_backup_root(const std::filesystem::path& dir);

// Creates the backup folder when missing (private: 0700, or the ACL above), then checks it.
Status ensure_private_backup_root(const std::filesystem::path& dir);

}  // namespace util
