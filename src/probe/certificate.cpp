#include "probe/certificate.hpp"

#include <cstdio>
#include <ctime>
#include <memory>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

#include "trust/x509_text.hpp"
#include "util/text.hpp"

namespace probe {

namespace {

using trust::name_line;
using trust::rfc3339;
using trust::sha256_hex;

struct StoreCtxFree {
  void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct NamesFree {
  void operator()(GENERAL_NAMES* n) const { GENERAL_NAMES_free(n); }
};

std::string ip_text(const ASN1_OCTET_STRING* ip) {
  const unsigned char* p = ASN1_STRING_get0_data(ip);
  int n = ASN1_STRING_length(ip);
  char buf[64];
  if (n == 4) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
    return buf;
  }
  if (n != 16) return "?";
  std::string out;
  for (int i = 0; i < 16; i += 2) {
    std::snprintf(buf, sizeof buf, "%s%x", i ? ":" : "", (p[i] << 8) | p[i + 1]);
    out += buf;
  }
  return out;
}

std::vector<std::string> subject_alt_names(X509* leaf) {
  std::vector<std::string> out;
  std::unique_ptr<GENERAL_NAMES, NamesFree> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(leaf, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()) && out.size() < 500; ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(names.get(), i);
    if (g->type == GEN_DNS) {
      const ASN1_STRING* s = g->d.dNSName;
      out.push_back("DNS:" + util::printable(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                                              static_cast<std::size_t>(ASN1_STRING_length(s))),
                                             255));
    } else if (g->type == GEN_IPADD) {
      out.push_back("IP:" + ip_text(g->d.iPAddress));
    }
  }
  return out;
}

bool is_ip_literal(std::string_view host) {
  std::unique_ptr<ASN1_OCTET_STRING, decltype(&ASN1_OCTET_STRING_free)> ip(
      a2i_IPADDRESS(std::string(host).c_str()), &ASN1_OCTET_STRING_free);
  return ip != nullptr;
}

bool names_host(X509* leaf, std::string_view host) {
  std::string h(host);
  if (is_ip_literal(host)) return X509_check_ip_asc(leaf, h.c_str(), 0) == 1;
  return X509_check_host(leaf, h.data(), h.size(), 0, nullptr) == 1;
}

// Verifies the chain against the store now; empty when trusted, else OpenSSL's reason.
std::string verify_chain(X509* leaf, STACK_OF(X509) * chain, X509_STORE* store) {
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store, leaf, chain) != 1) return "cannot set up verification";
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_SSL_SERVER);
  if (X509_verify_cert(ctx.get()) == 1) return {};
  return X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
}

}  // namespace

std::string sni_name(std::string_view host) { return is_ip_literal(host) ? std::string() : std::string(host); }

core::ProbeCertificate inspect_certificate(X509* leaf, STACK_OF(X509) * chain, X509_STORE* store,
                                           std::string_view host) {
  core::ProbeCertificate c;
  c.subject = name_line(X509_get_subject_name(leaf));
  c.issuer = name_line(X509_get_issuer_name(leaf));
  c.san = subject_alt_names(leaf);
  c.not_before = rfc3339(X509_get0_notBefore(leaf));
  c.not_after = rfc3339(X509_get0_notAfter(leaf));
  int days = 0, seconds = 0;
  if (ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(leaf)) == 1) c.days_left = days;
  c.sha256 = sha256_hex(leaf);
  c.expired = X509_cmp_current_time(X509_get0_notAfter(leaf)) < 0;
  c.not_yet_valid = X509_cmp_current_time(X509_get0_notBefore(leaf)) > 0;
  c.hostname_match = names_host(leaf, host);
  c.error = verify_chain(leaf, chain, store);
  c.chain_trusted = c.error.empty();
  int n = chain ? sk_X509_num(chain) : 0;
  for (int i = 0; i < n && i < 20; ++i) {
    X509* x = sk_X509_value(chain, i);
    c.chain.push_back("s:" + name_line(X509_get_subject_name(x)) + " i:" + name_line(X509_get_issuer_name(x)));
  }
  if (n == 0) c.chain.push_back("s:" + c.subject + " i:" + c.issuer);
  return c;
}

core::ProbeTls session_info(const SSL* ssl, std::string_view sni) {
  core::ProbeTls t;
  t.version = SSL_get_version(ssl);
  if (const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl)) t.cipher = SSL_CIPHER_get_name(cipher);
  t.sni = std::string(sni);
  return t;
}

}  // namespace probe
