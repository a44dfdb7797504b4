#include "adapters/apple/signed_profile.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "i18n/text.hpp"

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

// A byte offset as an argument of a message ("at byte {1}").
i18n::Text byte_at(std::size_t offset) { return std::to_string(offset); }

util::Error not_cms(const i18n::Text& detail) { return i18n::error(i18n::msg("not a CMS SignedData: {1}", {detail})); }

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
        if (++n > kMaxTagBytes) return i18n::error(i18n::msg("tag too long at byte {1}", {byte_at(t.start)}));
      } while (byte(pos++) & 0x80);
    }
    if (pos >= limit) return past_end(t.start, limit);
    std::uint8_t first = byte(pos++);
    if (first == 0x80) {
      if (!t.constructed()) return i18n::error(i18n::msg("indefinite length on a primitive element at byte {1}", {byte_at(t.start)}));
      t.indefinite = true;
      t.content = pos;
      return t;
    }
    if (first < 0x80) {
      t.length = first;
    } else {
      std::size_t n = first & 0x7F;
      if (n > sizeof(std::size_t)) return i18n::error(i18n::msg("length of {1} bytes at byte {2}", {std::to_string(n), byte_at(t.start)}));
      if (n > limit - pos) return past_end(t.start, limit);
      for (std::size_t i = 0; i < n; ++i) {
        if (t.length > (std::numeric_limits<std::size_t>::max() >> 8))
          return i18n::error(i18n::msg("length too large at byte {1}", {byte_at(t.start)}));
        t.length = (t.length << 8) | byte(pos++);
      }
    }
    t.content = pos;
    if (t.tag == 0 && t.length != 0) return i18n::error(i18n::msg("malformed end-of-contents at byte {1}", {byte_at(t.start)}));
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
        if (++depth > kMaxIndefiniteDepth) return i18n::error(i18n::msg("indefinite length nested too deeply at byte {1}", {byte_at(inner->start)}));
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
    const i18n::Text what = declared ? i18n::msg("element at byte {1} declares {2} bytes", {byte_at(start), std::to_string(*declared)})
                                     : i18n::msg("element at byte {1} is incomplete", {byte_at(start)});
    if (limit == in_.size()) return i18n::error(i18n::msg("truncated at byte {1} ({2})", {byte_at(limit), what}));
    return i18n::error(i18n::msg("{1}, past the end of the element holding it at byte {2}", {what, byte_at(limit)}));
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
    if (!indefinite_) return i18n::error(i18n::msg("end-of-contents inside a definite length at byte {1}", {byte_at(pos_)}));
    pos_ = t->content;
    return std::optional<Tlv>();
  }

  // The next child, which must be there and carry `tag` (checked before its length is trusted).
  // `element` is the ASN.1 name of what is expected ("contentType OBJECT IDENTIFIER").
  util::Result<Tlv> expect(std::uint8_t tag, const std::string& element) {
    const i18n::Text expected = i18n::msg("expected the {1} at byte {2}", {element, byte_at(pos_)});
    char first = pos_ < limit_ ? reader_.bytes(pos_, 1)[0] : 0;
    if (first != static_cast<char>(tag) && first != 0) return not_cms(expected);
    auto t = next();
    if (!t) return t.error();
    if (!*t || (*t)->tag != tag) return not_cms(expected);
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
  if (s.tag != kConstructedOctetString) return not_cms(i18n::msg("expected an eContent OCTET STRING chunk at byte {1}", {byte_at(s.start)}));
  if (depth >= kMaxChunkDepth) return i18n::error(i18n::msg("eContent chunks nested too deeply at byte {1}", {byte_at(s.start)}));
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
  if (value == kIdEnvelopedData) return i18n::error(i18n::msg("encrypted profile: cannot be read without the recipient's key"));
  return not_cms(i18n::msg("content type {1} at byte {2}", {dotted_oid(value), byte_at(oid.start)}));
}

// encapContentInfo: eContentType id-data, then [0] EXPLICIT OCTET STRING (absent when detached).
util::Result<std::string> encapsulated_content(const Reader& reader, const Tlv& encap, std::size_t limit) {
  Children fields(reader, encap, limit);
  auto type = fields.expect(kOid, "eContentType OBJECT IDENTIFIER");
  if (!type) return type.error();
  std::string_view type_value = reader.bytes(type->content, type->length);
  if (type_value != kIdData)
    return not_cms(i18n::msg("eContentType {1} at byte {2} is not data (1.2.840.113549.1.7.1)",
                             {dotted_oid(type_value), byte_at(type->start)}));
  if (auto st = fields.skip(*type); !st) return st.error();
  auto wrapper = fields.next();
  if (!wrapper) return wrapper.error();
  if (!*wrapper) return i18n::error(i18n::msg("detached signature: no embedded content"));
  if ((*wrapper)->tag != kExplicit0) return not_cms(i18n::msg("expected the {1} at byte {2}", {std::string("[0] eContent"), byte_at((*wrapper)->start)}));
  Children inside(reader, **wrapper, fields.limit());
  auto octets = inside.next();
  if (!octets) return octets.error();
  if (!*octets) return not_cms(i18n::msg("empty [0] eContent at byte {1}", {byte_at((*wrapper)->start)}));
  std::string out;
  auto end = append_octets(reader, **octets, inside.limit(), 0, out);
  if (!end) return end.error();
  return out;
}

}  // namespace

bool looks_like_cms(std::string_view bytes) { return !bytes.empty() && static_cast<std::uint8_t>(bytes[0]) == 0x30; }

util::Result<std::string> embedded_plist(std::string_view cms) {
  Reader reader(cms);
  if (!cms.empty() && static_cast<std::uint8_t>(cms[0]) != kSequence) return not_cms(i18n::msg("expected a SEQUENCE at byte {1}", {byte_at(0)}));
  auto info = reader.read(0, cms.size());
  if (!info) return info.error();

  Children content_info(reader, *info, cms.size());
  auto type = content_info.expect(kOid, "contentType OBJECT IDENTIFIER");
  if (!type) return type.error();
  if (reader.bytes(type->content, type->length) != kIdSignedData) return content_type_error(reader, *type);
  if (auto st = content_info.skip(*type); !st) return st.error();
  auto explicit0 = content_info.expect(kExplicit0, "[0] content");
  if (!explicit0) return explicit0.error();

  Children wrapper(reader, *explicit0, content_info.limit());
  auto signed_data = wrapper.expect(kSequence, "SignedData SEQUENCE");
  if (!signed_data) return signed_data.error();

  Children fields(reader, *signed_data, wrapper.limit());
  auto version = fields.expect(kInteger, "SignedData version INTEGER");
  if (!version) return version.error();
  if (auto st = fields.skip(*version); !st) return st.error();
  auto digests = fields.expect(kSet, "digestAlgorithms SET");
  if (!digests) return digests.error();
  if (auto st = fields.skip(*digests); !st) return st.error();
  auto encap = fields.expect(kSequence, "encapContentInfo SEQUENCE");
  if (!encap) return encap.error();
  auto content = encapsulated_content(reader, *encap, fields.limit());
  if (!content) return content;

  // Certificates and signer infos are not read, but the ContentInfo must end where it says.
  auto end = reader.end_of(*info, cms.size());
  if (!end) return end.error();
  return content;
}

}  // namespace adapters::apple
