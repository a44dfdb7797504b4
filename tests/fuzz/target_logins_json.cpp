// Thunderbird's logins.json re-keyed: total on any input; on success only the moved origins
// change (the output with every "to" put back as "from" is the input, when the origins are
// distinct), and a second run finds nothing left under the old origin.
#include <string>

#include "fix/logins_json.hpp"
#include "fuzz/targets.hpp"

namespace fuzz {

int logins_json(const uint8_t* data, size_t size) {
  if (size > kMaxFuzzInput) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::vector<fix::OriginMove> moves = {{"imap://imap.example.com", "imap://mail.example.org"},
                                              {"smtp://smtp.example.com", "smtp://mail.example.org"}};
  auto rekeyed = fix::rekey_logins_json(bytes, moves);
  if (!rekeyed) return 0;
  check(rekeyed->outcomes.size() == moves.size());
  std::size_t moved = 0;
  for (const auto& o : rekeyed->outcomes) moved += o.entries;
  if (moved == 0) check(rekeyed->bytes == bytes);
  auto again = fix::rekey_logins_json(rekeyed->bytes, moves);
  check(static_cast<bool>(again));
  for (const auto& o : again->outcomes) check(o.entries == 0);
  return 0;
}

}  // namespace fuzz
