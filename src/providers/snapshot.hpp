#pragma once
// The embedded provider database as the binary carries it: a snapshot the build writes from the
// SQLite database it imports data/ into (mm_providers_gen), answering the same questions with a
// binary search and no SQL. Reading the SQLite image at run time cost a typical audit a third of
// its time: opening it, parsing its schema and compiling a dozen statements (README "Performance").
//
// Layout (little-endian u32 unless noted), version 1:
//   "MMPS" u32 version
//   u32 P, P x u32 record offset                     providers, by id
//   u32 D, D x (u32 key offset, u32 key size, u32 provider)   domains, sorted by bytes
//   u32 H, H x (same)                                         literal hosts, sorted by bytes
//   u32 M, M x (u32 key offset, u32 key size, u32 provider, u32 service offset, u32 service size)
//   the data: keys, services and provider records; every offset counts from its start.
// A record is the provider's fields in a fixed order: strings as u32 size and bytes, lists as u32
// count and items, flags and enums as one byte (snapshot.cpp, write_provider/read_provider).
#include <memory>
#include <span>
#include <string>

#include "providers/source.hpp"
#include "util/result.hpp"

namespace providers::detail {

// The snapshot of every answer `source` gives (each key it lists asked once).
std::string write_snapshot(const Source& source);

// A source over snapshot bytes that outlive it. Only the header and the tables' extents are checked
// here; every offset and provider index is checked where it is read, and one that points outside
// the bytes throws std::runtime_error (the build and the tests check the embedded snapshot whole).
util::Result<std::unique_ptr<Source>> open_snapshot(std::span<const unsigned char> bytes);

}  // namespace providers::detail
