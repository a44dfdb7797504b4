#pragma once
// The pure half of the probe's protocol dialogues: framing a server's reply out of the bytes
// received so far (IMAP, POP3, SMTP) and reading capabilities, status codes and mechanisms out of
// it. No I/O: the engine feeds the bytes, these functions never read more than they are given and
// refuse anything beyond Limits, so a hostile server costs bounded memory.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace probe {

struct Limits {
  std::size_t max_line = 8 * 1024;       // bytes of one line, without its CRLF
  std::size_t max_lines = 1000;          // lines of one reply
  std::size_t max_total = 1024 * 1024;   // bytes of one reply
};

// One complete reply at the start of the received bytes.
struct Reply {
  std::vector<std::string> lines;  // without the line ends (CRLF or a bare LF)
  std::size_t consumed = 0;        // bytes of the input the reply takes up
};

// What a framer says about the bytes received so far: a complete reply, "need more bytes"
// (nullopt), or an error (a limit exceeded, a line no server of that protocol sends).
using Framed = util::Result<std::optional<Reply>>;

// IMAP: with an empty tag, the greeting (the first line); otherwise untagged lines up to and
// including the line tagged `tag` ("a1 OK ..."). Continuation requests ("+ ...") end a reply too.
Framed frame_imap(std::string_view bytes, std::string_view tag, const Limits& limits = {});
// POP3: one status line (greeting, STLS, USER, PASS, QUIT).
Framed frame_pop3_line(std::string_view bytes, const Limits& limits = {});
// POP3: "+OK" and the lines up to "." (dot-stuffing undone), or a single "-ERR" line (CAPA).
Framed frame_pop3_multiline(std::string_view bytes, const Limits& limits = {});
// SMTP: "250-..." lines up to the "250 ..." line with the same code (greeting, EHLO, any reply).
Framed frame_smtp(std::string_view bytes, const Limits& limits = {});

// What a capability listing says (IMAP CAPABILITY, POP3 CAPA, SMTP EHLO).
struct Capabilities {
  std::vector<std::string> items;            // as listed, upper-cased keywords (SMTP: whole lines)
  std::vector<std::string> auth_mechanisms;  // upper case, in the server's order, no duplicates
  bool starttls = false;                     // STARTTLS (IMAP, SMTP) or STLS (POP3)
  bool login_disabled = false;               // IMAP LOGINDISABLED
  bool sasl_listed = false;                  // POP3: a SASL line is present (maybe empty)
  std::optional<std::int64_t> max_size;      // SMTP SIZE with a number
};

// IMAP: the atoms of every "* CAPABILITY" line and of a "[CAPABILITY ...]" response code in the
// reply's lines (greeting or tagged OK); AUTH=X gives mechanism X.
Capabilities imap_capabilities(const Reply& reply);
// POP3 CAPA (+OK first line): one capability per line, SASL lists the mechanisms.
Capabilities pop3_capabilities(const Reply& reply);
// SMTP EHLO (250): the lines after the first; AUTH and AUTH=, SIZE, STARTTLS.
Capabilities smtp_capabilities(const Reply& reply);

// An IMAP status line: "a1 NO [AUTHENTICATIONFAILED] Authentication failed." or "* OK ...".
struct ImapStatus {
  std::string tag;     // "a1", "*", "+"
  std::string status;  // "OK", "NO", "BAD", "BYE", "PREAUTH" (upper case); empty for "+"
  std::string code;    // the response code's first atom ("AUTHENTICATIONFAILED"), upper case
  std::string text;    // the rest of the line
};
ImapStatus imap_status(std::string_view line);

// An SMTP reply's code: "535", and the enhanced status code of its last line when it has one
// ("535 5.7.8"). Empty reply lines give code 0.
struct SmtpStatus {
  int code = 0;
  std::string enhanced;  // "5.7.8"
  std::string text;      // the last line's text after the code (and the enhanced code)
};
SmtpStatus smtp_status(const Reply& reply);

// Whether a POP3 status line is "+OK" (case-insensitive, as RFC 1939 allows).
bool pop3_ok(std::string_view line);

// Base64 (RFC 4648, with padding) for SASL initial responses, appended to `out` (which may hold a
// secret: nothing is copied elsewhere).
void append_base64(std::string& out, std::string_view bytes);
std::string base64(std::string_view bytes);

// Appends an IMAP quoted string for LOGIN: "..." with \ and " escaped; false (and `out` unchanged
// up to its size) when the value holds CR, LF or NUL, which a quoted string cannot carry.
bool append_imap_quoted(std::string& out, std::string_view value);

}  // namespace probe
