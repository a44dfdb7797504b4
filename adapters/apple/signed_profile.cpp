#include "adapters/apple/signed_profile.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace adapters::apple {
namespace {

// Real CMS nests indefinite lengths about 7 deep (ContentInfo … eContent chunks, certificates).
constexpr std::size_t kMaxIndefiniteDepth = 32;
// Streaming encoders write one level of chunks; BER allows more, a bomb needs many.
constexpr std::size_t kMaxChunkDepth = 4;
// Tags longer than this (high tag numbers) do not occur in CMS.
constexpr std::size_t kMaxTagBytes = 4;
// Dotted OIDs in error messages stop here.
constexpr std::size_t kMaxOidBytesShown = 32;

constexpr std::uint8_t kInteger = 0x02;
constexpr std::uint8_t kOctetString = 0x04;
constexpr std::uint8_t kOid = 0x06;
constexpr std::uint8_t kSequence = 0x30;
constexpr std::uint8_t kSet = 0x31;
constexpr std::uint8_t kConstructedOctetString = 0x24;
constexpr std::uint8_t kExplicit0 = 0xA0;
constexpr std::uint8_t kConstructed = 0x20;

// The content octets of the OIDs 1.2.840.113549.1.7.{1,2,3}.
constexpr std::string_view kIdData("\x2A\x86\x48\x86\xF7\x0D\x01\x07\x01", 9);
constexpr std::string_view kIdSignedData("\x2A\x86\x48\x86\xF7\x0D\x01\x07\x02", 9);
constexpr std::string_view kIdEnvelopedData("\x2A\x86\x48\x86\xF7\x0D\x01\x07\x03", 9);

std::string at(std::size_t offset) { return " at byte " + std::to_string(offset); }

util::Error not_cms(const std::string& detail) { return util::make_error("not a CMS SignedData: " + detail); }

// One element's header. `tag` is the first identifier byte (class, constructed bit, tag number).
struct Tlv {
  std::size_t start = 0;
  std::size_t content = 0;
  std::size_t length = 0;  // definite lengths only
  std::uint8_t tag = 0;
  bool indefinite = false;

  bool constructed() const { return (tag & kConstructed) != 0; }
  bool end_of_contents() const { return tag == 0 && !indefinite && length == 0; }
  std::size_t end() const { return content + length; }
};

std::string dotted_oid(std::string_view der) {
  if (der.empty() || der.size() > kMaxOidBytesShown) return "(an unreadable OID)";
  std::string out;
  std::uint64_t arc = 0;
  for (std::size_t i = 0; i < der.size(); ++i) {
    auto b = static_cast<std::uint8_t>(der[i]);
    if (arc > (std::numeric_limits<std::uint64_t>::max() >> 7)) return "(an unreadable OID)";
    arc = (arc << 7) | (b & 0x7F);
    if (b & 0x80) continue;
    if (out.empty()) {
      std::uint64_t first = arc < 40 ? 0 : arc < 80 ? 1 : 2;
      out = std::to_string(first) + "." + std::to_string(arc - first * 40);
    } else {
      out += "." + std::to_string(arc);
    }
    arc = 0;
  }
  return (static_cast<std::uint8_t>(der.back()) & 0x80) ? "(an unreadable OID)" : out;
}

// Reads headers inside `in_`; every element must end by `limit` (its parent's end, or the end of
// the input inside indefinite-length parents).
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  util::Result<Tlv> read(std::size_t pos, std::size_t limit) const {
    Tlv t;
    t.start = pos;
    if (pos >= limit) return past_end(pos, limit);
    t.tag = byte(pos++);
    if ((t.tag & 0x1F) == 0x1F) {
      std::size_t n = 0;
      do {
        if (pos >= limit) return past_end(t.start, limit);
        if (++n > kMaxTagBytes) return util::make_error("tag too long" + at(t.start));
      } while (byte(pos++) & 0x80);
    }
    if (pos >= limit) return past_end(t.start, limit);
    std::uint8_t first = byte(pos++);
    if (first == 0x80) {
      if (!t.constructed()) return util::make_error("indefinite length on a primitive element" + at(t.start));
      t.indefinite = true;
      t.content = pos;
      return t;
    }
    if (first < 0x80) {
      t.length = first;
    } else {
      std::size_t n = first & 0x7F;
      if (n > sizeof(std::size_t)) return util::make_error("length of " + std::to_string(n) + " bytes" + at(t.start));
      if (n > limit - pos) return past_end(t.start, limit);
      for (std::size_t i = 0; i < n; ++i) {
        if (t.length > (std::numeric_limits<std::size_t>::max() >> 8))
          return util::make_error("length too large" + at(t.start));
        t.length = (t.length << 8) | byte(pos++);
      }
    }
    t.content = pos;
    if (t.tag == 0 && t.length != 0) return util::make_error("malformed end-of-contents" + at(t.start));
    if (t.length > limit - pos) return past_end(t.start, limit, t.length);
    return t;
  }

  // The offset just past `t`, walking nested indefinite lengths without recursion.
  util::Result<std::size_t> end_of(const Tlv& t, std::size_t limit) const {
    if (!t.indefinite) return t.end();
    std::size_t depth = 1;
    std::size_t pos = t.content;
    while (depth > 0) {
      auto inner = read(pos, limit);
      if (!inner) return inner.error();
      if (inner->end_of_contents()) {
        --depth;
        pos = inner->content;
      } else if (inner->indefinite) {
        if (++depth > kMaxIndefiniteDepth) return util::make_error("indefinite length nested too deeply" + at(inner->start));
        pos = inner->content;
      } else {
        pos = inner->end();
      }
    }
    return pos;
  }

  std::string_view bytes(std::size_t pos, std::size_t n) const { return in_.substr(pos, n); }

 private:
  std::uint8_t byte(std::size_t i) const { return static_cast<std::uint8_t>(in_[i]); }

  util::Error past_end(std::size_t start, std::size_t limit, std::optional<std::size_t> declared = {}) const {
    std::string what = declared ? "element" + at(start) + " declares " + std::to_string(*declared) + " bytes"
                                : "element" + at(start) + " is incomplete";
    if (limit == in_.size()) return util::make_error("truncated" + at(limit) + " (" + what + ")");
    return util::make_error(what + ", past the end of the element holding it" + at(limit));
  }

  std::string_view in_;
};

// The elements inside a constructed element, in order.
class Children {
 public:
  Children(const Reader& reader, const Tlv& parent, std::size_t limit)
      : reader_(reader), pos_(parent.content), limit_(parent.indefinite ? limit : parent.end()),
        indefinite_(parent.indefinite) {}

  // The limit the children's own contents must respect.
  std::size_t limit() const { return limit_; }
  std::size_t position() const { return pos_; }

  // The next child, or nullopt after the last one (a definite end, or an end-of-contents read).
  util::Result<std::optional<Tlv>> next() {
    if (!indefinite_ && pos_ == limit_) return std::optional<Tlv>();
    auto t = reader_.read(pos_, limit_);
    if (!t) return t.error();
    if (!t->end_of_contents()) return std::optional<Tlv>(*t);
    if (!indefinite_) return util::make_error("end-of-contents inside a definite length" + at(pos_));
    pos_ = t->content;
    return std::optional<Tlv>();
  }

  // The next child, which must be there and carry `tag` (checked before its length is trusted).
  util::Result<Tlv> expect(std::uint8_t tag, const std::string& what) {
    std::size_t where = pos_;
    char first = pos_ < limit_ ? reader_.bytes(pos_, 1)[0] : 0;
    if (first != static_cast<char>(tag) && first != 0) return not_cms("expected " + what + at(where));
    auto t = next();
    if (!t) return t.error();
    if (!*t || (*t)->tag != tag) return not_cms("expected " + what + at(where));
    return **t;
  }

  util::Status skip(const Tlv& child) {
    auto end = reader_.end_of(child, limit_);
    if (!end) return end.error();
    pos_ = *end;
    return {};
  }

  void move_past(std::size_t end) { pos_ = end; }

 private:
  const Reader& reader_;
  std::size_t pos_;
  std::size_t limit_;
  bool indefinite_;
};

// Appends the content of an OCTET STRING, primitive or constructed from chunks (bounded depth);
// returns the offset just past it.
util::Result<std::size_t> append_octets(const Reader& reader, const Tlv& s, std::size_t limit, std::size_t depth,
                                        std::string& out) {
  if (s.tag == kOctetString) {
    out.append(reader.bytes(s.content, s.length));
    return s.end();
  }
  if (s.tag != kConstructedOctetString) return not_cms("expected an eContent OCTET STRING chunk" + at(s.start));
  if (depth >= kMaxChunkDepth) return util::make_error("eContent chunks nested too deeply" + at(s.start));
  Children chunks(reader, s, limit);
  for (;;) {
    auto chunk = chunks.next();
    if (!chunk) return chunk.error();
    if (!*chunk) break;
    auto end = append_octets(reader, **chunk, chunks.limit(), depth + 1, out);
    if (!end) return end;
    chunks.move_past(*end);
  }
  return s.indefinite ? chunks.position() : s.end();
}

util::Result<std::string> content_type_error(const Reader& reader, const Tlv& oid) {
  std::string_view value = reader.bytes(oid.content, oid.length);
  if (value == kIdEnvelopedData) return util::make_error("encrypted profile: cannot be read without the recipient's key");
  return not_cms("content type " + dotted_oid(value) + at(oid.start));
}

// encapContentInfo: eContentType id-data, then [0] EXPLICIT OCTET STRING (absent when detached).
util::Result<std::string> encapsulated_content(const Reader& reader, const Tlv& encap, std::size_t limit) {
  Children fields(reader, encap, limit);
  auto type = fields.expect(kOid, "the eContentType OBJECT IDENTIFIER");
  if (!type) return type.error();
  std::string_view type_value = reader.bytes(type->content, type->length);
  if (type_value != kIdData)
    return not_cms("eContentType " + dotted_oid(type_value) + at(type->start) + " is not data (1.2.840.113549.1.7.1)");
  if (auto st = fields.skip(*type); !st) return st.error();
  auto wrapper = fields.next();
  if (!wrapper) return wrapper.error();
  if (!*wrapper) return util::make_error("detached signature: no embedded content");
  if ((*wrapper)->tag != kExplicit0) return not_cms("expected the [0] eContent" + at((*wrapper)->start));
  Children inside(reader, **wrapper, fields.limit());
  auto octets = inside.next();
  if (!octets) return octets.error();
  if (!*octets) return not_cms("empty [0] eContent" + at((*wrapper)->start));
  std::string out;
  auto end = append_octets(reader, **octets, inside.limit(), 0, out);
  if (!end) return end.error();
  return out;
}

}  // namespace

bool looks_like_cms(std::string_view bytes) { return !bytes.empty() && static_cast<std::uint8_t>(bytes[0]) == 0x30; }

util::Result<std::string> embedded_plist(std::string_view cms) {
  Reader reader(cms);
  if (!cms.empty() && static_cast<std::uint8_t>(cms[0]) != kSequence) return not_cms("expected a SEQUENCE at byte 0");
  auto info = reader.read(0, cms.size());
  if (!info) return info.error();

  Children content_info(reader, *info, cms.size());
  auto type = content_info.expect(kOid, "the contentType OBJECT IDENTIFIER");
  if (!type) return type.error();
  if (reader.bytes(type->content, type->length) != kIdSignedData) return content_type_error(reader, *type);
  if (auto st = content_info.skip(*type); !st) return st.error();
  auto explicit0 = content_info.expect(kExplicit0, "the [0] content");
  if (!explicit0) return explicit0.error();

  Children wrapper(reader, *explicit0, content_info.limit());
  auto signed_data = wrapper.expect(kSequence, "the SignedData SEQUENCE");
  if (!signed_data) return signed_data.error();

  Children fields(reader, *signed_data, wrapper.limit());
  auto version = fields.expect(kInteger, "the SignedData version INTEGER");
  if (!version) return version.error();
  if (auto st = fields.skip(*version); !st) return st.error();
  auto digests = fields.expect(kSet, "the digestAlgorithms SET");
  if (!digests) return digests.error();
  if (auto st = fields.skip(*digests); !st) return st.error();
  auto encap = fields.expect(kSequence, "the encapContentInfo SEQUENCE");
  if (!encap) return encap.error();
  auto content = encapsulated_content(reader, *encap, fields.limit());
  if (!content) return content;

  // Certificates and signer infos are not read, but the ContentInfo must end where it says.
  auto end = reader.end_of(*info, cms.size());
  if (!end) return end.error();
  return content;
}

}  // namespace adapters::apple
