#pragma once
// Deterministic mutations for the replay suite: bit flips, truncations, byte insertions and
// deletions, duplicated chunks, interesting bytes; a fixed-seed PRNG so every run sees the same
// inputs and a failure names the seed file and mutation number to reproduce it.
#include <cstdint>
#include <string>

namespace fuzzreplay {

class Mutator {
 public:
  explicit Mutator(std::uint64_t seed) : state_(seed ? seed : 1) {}

  std::uint64_t next() {  // xorshift64*
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 2685821657736338717ULL;
  }
  std::size_t below(std::size_t n) { return n ? static_cast<std::size_t>(next() % n) : 0; }

  // One to four mutations of `input`; the result stays under `max_len` bytes.
  std::string mutate(std::string s, std::size_t max_len) {
    int rounds = 1 + static_cast<int>(below(4));
    for (int r = 0; r < rounds; ++r) mutate_once(s);
    if (s.size() > max_len) s.resize(max_len);
    return s;
  }

 private:
  void mutate_once(std::string& s) {
    static const char interesting[] = {'\0', '\xff', '"', '\\', '<', '>', '\n', '\r', '\x7f', '\x80', ';', '[', ']', '='};
    switch (below(7)) {
      case 0:  // bit flip
        if (!s.empty()) s[below(s.size())] ^= static_cast<char>(1u << below(8));
        break;
      case 1:  // truncation
        s.resize(below(s.size() + 1));
        break;
      case 2:  // insert random bytes
        s.insert(below(s.size() + 1), std::string(1 + below(4), static_cast<char>(next())));
        break;
      case 3: {  // delete a run
        if (s.empty()) break;
        std::size_t at = below(s.size());
        s.erase(at, 1 + below(16));
        break;
      }
      case 4: {  // duplicate a chunk somewhere else
        if (s.empty()) break;
        std::size_t at = below(s.size());
        std::string chunk = s.substr(at, 1 + below(64));
        s.insert(below(s.size() + 1), chunk);
        break;
      }
      case 5:  // an interesting byte
        if (!s.empty()) s[below(s.size())] = interesting[below(sizeof interesting)];
        break;
      default: {  // overwrite 1, 2 or 4 bytes with a boundary number
        if (s.size() < 4) break;
        static const std::uint32_t numbers[] = {0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0xffffffff};
        std::uint32_t v = numbers[below(std::size(numbers))];
        std::size_t width = std::size_t{1} << below(3);
        std::size_t at = below(s.size() - width + 1);
        for (std::size_t i = 0; i < width; ++i) s[at + i] = static_cast<char>(v >> (8 * i));
        break;
      }
    }
  }
  std::uint64_t state_;
};

}  // namespace fuzzreplay
