#include "trust/der_names.hpp"

#include <cstddef>

namespace trust {
namespace {

// DER tags (X.690, X.680).
constexpr unsigned char kInteger = 0x02, kObjectIdentifier = 0x06, kSequence = 0x30, kSet = 0x31,
                        kExplicitVersion = 0xA0;
constexpr unsigned char kUtf8String = 0x0C, kNumericString = 0x12, kPrintableString = 0x13, kT61String = 0x14,
                        kIa5String = 0x16, kVisibleString = 0x1A;

struct Element {
  unsigned char tag = 0;
  std::string_view value;
};

// The element at the start of `in`, which then starts after it; nullopt when it does not fit.
// Single-byte tags only (a certificate's structure uses no other), definite lengths of up to 4 bytes.
std::optional<Element> take(std::string_view& in) {
  if (in.size() < 2) return std::nullopt;
  const auto tag = static_cast<unsigned char>(in[0]);
  if ((tag & 0x1F) == 0x1F) return std::nullopt;
  std::size_t length = static_cast<unsigned char>(in[1]);
  std::size_t header = 2;
  if (length & 0x80) {
    const std::size_t bytes = length & 0x7F;
    if (bytes == 0 || bytes > 4 || in.size() < 2 + bytes) return std::nullopt;
    length = 0;
    for (std::size_t i = 0; i < bytes; ++i) length = (length << 8) | static_cast<unsigned char>(in[2 + i]);
    header += bytes;
  }
  if (length > in.size() - header) return std::nullopt;
  Element e{tag, in.substr(header, length)};
  in.remove_prefix(header + length);
  return e;
}

std::optional<Element> take(std::string_view& in, unsigned char tag) {
  auto e = take(in);
  if (!e || e->tag != tag) return std::nullopt;
  return e;
}

bool ascii_compatible(unsigned char tag) {
  return tag == kUtf8String || tag == kNumericString || tag == kPrintableString || tag == kT61String ||
         tag == kIa5String || tag == kVisibleString;
}

// Name ::= SEQUENCE OF SET OF SEQUENCE { type OBJECT IDENTIFIER, value ANY }.
bool add_name_values(std::string_view name, std::vector<std::string_view>& out) {
  while (!name.empty()) {
    auto rdn = take(name, kSet);
    if (!rdn) return false;
    while (!rdn->value.empty()) {
      auto attribute = take(rdn->value, kSequence);
      if (!attribute || !take(attribute->value, kObjectIdentifier)) return false;
      auto value = take(attribute->value);
      if (!value || !attribute->value.empty() || !ascii_compatible(value->tag)) return false;
      out.push_back(value->value);
    }
  }
  return true;
}

}  // namespace

std::optional<std::vector<std::string_view>> der_issuer_and_subject_values(std::string_view der) {
  auto certificate = take(der, kSequence);
  if (!certificate) return std::nullopt;
  auto tbs = take(certificate->value, kSequence);
  if (!tbs) return std::nullopt;
  std::string_view fields = tbs->value;
  if (!fields.empty() && static_cast<unsigned char>(fields[0]) == kExplicitVersion && !take(fields)) return std::nullopt;
  if (!take(fields, kInteger) || !take(fields, kSequence)) return std::nullopt;  // serial, signature algorithm
  auto issuer = take(fields, kSequence);
  if (!issuer || !take(fields, kSequence)) return std::nullopt;  // validity
  auto subject = take(fields, kSequence);
  if (!subject) return std::nullopt;
  std::vector<std::string_view> values;
  if (!add_name_values(issuer->value, values) || !add_name_values(subject->value, values)) return std::nullopt;
  return values;
}

}  // namespace trust
