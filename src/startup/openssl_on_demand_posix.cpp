// OpenSSL, loaded when a run first calls it (Linux): libssl and libcrypto cost every run ~140 page
// faults (~4 ms in this virtual machine) to map and relocate, yet only probing, certificates, hashes
// (fixes, SARIF) and online discovery use them; an audit of a typical home never does.
//
// How: startup/on_demand_posix.hpp (one line per OpenSSL function the executable calls). The test
// executables link OpenSSL as usual. Windows links OpenSSL statically (none of this); CMake option
// MAILMEND_OPENSSL_ON_DEMAND.

#include <atomic>
#include <openssl/bio.h>
#include <openssl/conf.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "startup/on_demand_posix.hpp"

namespace {

// Set once libcrypto is open: the exit-time cleanup below asks this, not the loader (a dlopen with
// RTLD_NOLOAD still searches the library path and opens the file: ~6 % of a small audit).
std::atomic<void*> crypto_opened{nullptr};

void* crypto_library() {
  static void* handle = [] {
    void* opened = startup::open_library_or_exit(MAILMEND_LIBCRYPTO_SONAME, "OpenSSL");
    crypto_opened.store(opened, std::memory_order_release);
    return opened;
  }();
  return handle;
}

void* ssl_library() {
  static void* handle = [] {
    crypto_library();  // libssl brings libcrypto in: opened through us, so the clean-up below knows
    return startup::open_library_or_exit(MAILMEND_LIBSSL_SONAME, "OpenSSL");
  }();
  return handle;
}

}  // namespace

#define MM_OPENSSL(library, result, name, parameters, arguments) \
  MM_ON_DEMAND(library##_library, "OpenSSL", result, name, parameters, arguments)

MM_OPENSSL(crypto, void, ASN1_OCTET_STRING_free, (ASN1_OCTET_STRING *a0), (a0))
MM_OPENSSL(crypto, const unsigned char *, ASN1_STRING_get0_data, (const ASN1_STRING *a0), (a0))
MM_OPENSSL(crypto, int, ASN1_STRING_length, (const ASN1_STRING *a0), (a0))
MM_OPENSSL(crypto, int, ASN1_TIME_diff, (int *a0, int *a1, const ASN1_TIME *a2, const ASN1_TIME *a3), (a0, a1, a2, a3))
MM_OPENSSL(crypto, int, ASN1_TIME_to_tm, (const ASN1_TIME *a0, struct tm *a1), (a0, a1))
MM_OPENSSL(crypto, long, BIO_ctrl, (BIO *a0, int a1, long a2, void *a3), (a0, a1, a2, a3))
MM_OPENSSL(crypto, size_t, BIO_ctrl_pending, (BIO *a0), (a0))
MM_OPENSSL(crypto, int, BIO_free, (BIO *a0), (a0))
MM_OPENSSL(crypto, BIO *, BIO_new, (const BIO_METHOD *a0), (a0))
MM_OPENSSL(crypto, int, BIO_new_bio_pair, (BIO **a0, size_t a1, BIO **a2, size_t a3), (a0, a1, a2, a3))
MM_OPENSSL(crypto, int, BIO_read, (BIO *a0, void *a1, int a2), (a0, a1, a2))
MM_OPENSSL(crypto, const BIO_METHOD *, BIO_s_mem, (), ())
MM_OPENSSL(crypto, int, BIO_write, (BIO *a0, const void *a1, int a2), (a0, a1, a2))
MM_OPENSSL(crypto, void, ERR_clear_error, (), ())
MM_OPENSSL(crypto, unsigned long, ERR_get_error, (), ())
MM_OPENSSL(crypto, const char *, ERR_lib_error_string, (unsigned long a0), (a0))
MM_OPENSSL(crypto, const char *, ERR_reason_error_string, (unsigned long a0), (a0))
MM_OPENSSL(crypto, int, EVP_Digest, (const void *a0, size_t a1, unsigned char *a2, unsigned int *a3, const EVP_MD *a4, ENGINE *a5), (a0, a1, a2, a3, a4, a5))
MM_OPENSSL(crypto, int, EVP_DigestFinal_ex, (EVP_MD_CTX *a0, unsigned char *a1, unsigned int *a2), (a0, a1, a2))
MM_OPENSSL(crypto, int, EVP_DigestInit_ex, (EVP_MD_CTX *a0, const EVP_MD *a1, ENGINE *a2), (a0, a1, a2))
MM_OPENSSL(crypto, int, EVP_DigestUpdate, (EVP_MD_CTX *a0, const void *a1, size_t a2), (a0, a1, a2))
MM_OPENSSL(crypto, void, EVP_MD_CTX_free, (EVP_MD_CTX *a0), (a0))
MM_OPENSSL(crypto, EVP_MD_CTX *, EVP_MD_CTX_new, (), ())
MM_OPENSSL(crypto, const EVP_MD *, EVP_sha1, (), ())
MM_OPENSSL(crypto, const EVP_MD *, EVP_sha256, (), ())
MM_OPENSSL(crypto, void, GENERAL_NAMES_free, (GENERAL_NAMES *a0), (a0))
MM_OPENSSL(crypto, void, OPENSSL_cleanse, (void *a0, size_t a1), (a0, a1))
MM_OPENSSL(crypto, int, OPENSSL_sk_num, (const OPENSSL_STACK *a0), (a0))
MM_OPENSSL(crypto, void *, OPENSSL_sk_value, (const OPENSSL_STACK *a0, int a1), (a0, a1))
MM_OPENSSL(ssl, const char *, SSL_CIPHER_get_name, (const SSL_CIPHER *a0), (a0))
MM_OPENSSL(ssl, long, SSL_CTX_ctrl, (SSL_CTX *a0, int a1, long a2, void *a3), (a0, a1, a2, a3))
MM_OPENSSL(ssl, void, SSL_CTX_free, (SSL_CTX *a0), (a0))
MM_OPENSSL(ssl, X509_STORE *, SSL_CTX_get_cert_store, (const SSL_CTX *a0), (a0))
MM_OPENSSL(ssl, void *, SSL_CTX_get_default_passwd_cb_userdata, (SSL_CTX *a0), (a0))
MM_OPENSSL(ssl, void *, SSL_CTX_get_ex_data, (const SSL_CTX *a0, int a1), (a0, a1))
MM_OPENSSL(ssl, SSL_verify_cb, SSL_CTX_get_verify_callback, (const SSL_CTX *a0), (a0))
MM_OPENSSL(ssl, SSL_CTX *, SSL_CTX_new, (const SSL_METHOD *a0), (a0))
MM_OPENSSL(ssl, void, SSL_CTX_set_default_passwd_cb_userdata, (SSL_CTX *a0, void *a1), (a0, a1))
MM_OPENSSL(ssl, int, SSL_CTX_set_ex_data, (SSL_CTX *a0, int a1, void *a2), (a0, a1, a2))
MM_OPENSSL(ssl, uint64_t, SSL_CTX_set_options, (SSL_CTX *a0, uint64_t a1), (a0, a1))
MM_OPENSSL(ssl, void, SSL_CTX_set_security_level, (SSL_CTX *a0, int a1), (a0, a1))
MM_OPENSSL(ssl, void, SSL_CTX_set_verify, (SSL_CTX *a0, int a1, SSL_verify_cb a2), (a0, a1, a2))
MM_OPENSSL(ssl, int, SSL_accept, (SSL *a0), (a0))
MM_OPENSSL(ssl, int, SSL_connect, (SSL *a0), (a0))
MM_OPENSSL(ssl, long, SSL_ctrl, (SSL *a0, int a1, long a2, void *a3), (a0, a1, a2, a3))
MM_OPENSSL(ssl, void, SSL_free, (SSL *a0), (a0))
MM_OPENSSL(ssl, X509 *, SSL_get1_peer_certificate, (const SSL *a0), (a0))
MM_OPENSSL(ssl, const SSL_CIPHER *, SSL_get_current_cipher, (const SSL *a0), (a0))
MM_OPENSSL(ssl, int, SSL_get_error, (const SSL *a0, int a1), (a0, a1))
MM_OPENSSL(ssl, void *, SSL_get_ex_data, (const SSL *a0, int a1), (a0, a1))
MM_OPENSSL(ssl, struct stack_st_X509 *, SSL_get_peer_cert_chain, (const SSL *a0), (a0))
MM_OPENSSL(ssl, int, SSL_get_shutdown, (const SSL *a0), (a0))
MM_OPENSSL(ssl, const char *, SSL_get_version, (const SSL *a0), (a0))
MM_OPENSSL(ssl, SSL *, SSL_new, (SSL_CTX *a0), (a0))
MM_OPENSSL(ssl, int, SSL_read, (SSL *a0, void *a1, int a2), (a0, a1, a2))
MM_OPENSSL(ssl, void, SSL_set_bio, (SSL *a0, BIO *a1, BIO *a2), (a0, a1, a2))
MM_OPENSSL(ssl, int, SSL_set_ex_data, (SSL *a0, int a1, void *a2), (a0, a1, a2))
MM_OPENSSL(ssl, int, SSL_write, (SSL *a0, const void *a1, int a2), (a0, a1, a2))
MM_OPENSSL(ssl, const SSL_METHOD *, TLS_client_method, (), ())
MM_OPENSSL(crypto, int, X509_NAME_print_ex, (BIO *a0, const X509_NAME *a1, int a2, unsigned long a3), (a0, a1, a2, a3))
MM_OPENSSL(crypto, void, X509_STORE_CTX_free, (X509_STORE_CTX *a0), (a0))
MM_OPENSSL(crypto, int, X509_STORE_CTX_get_error, (const X509_STORE_CTX *a0), (a0))
MM_OPENSSL(crypto, int, X509_STORE_CTX_init, (X509_STORE_CTX *a0, X509_STORE *a1, X509 *a2, struct stack_st_X509 *a3), (a0, a1, a2, a3))
MM_OPENSSL(crypto, X509_STORE_CTX *, X509_STORE_CTX_new, (), ())
MM_OPENSSL(crypto, int, X509_STORE_CTX_set_purpose, (X509_STORE_CTX *a0, int a1), (a0, a1))
MM_OPENSSL(crypto, int, X509_STORE_load_file, (X509_STORE *a0, const char *a1), (a0, a1))
MM_OPENSSL(crypto, int, X509_STORE_set_default_paths, (X509_STORE *a0), (a0))
MM_OPENSSL(crypto, int, X509_check_host, (X509 *a0, const char *a1, size_t a2, unsigned int a3, char **a4), (a0, a1, a2, a3, a4))
MM_OPENSSL(crypto, int, X509_check_ip_asc, (X509 *a0, const char *a1, unsigned int a2), (a0, a1, a2))
MM_OPENSSL(crypto, int, X509_cmp_current_time, (const ASN1_TIME *a0), (a0))
MM_OPENSSL(crypto, int, X509_digest, (const X509 *a0, const EVP_MD *a1, unsigned char *a2, unsigned int *a3), (a0, a1, a2, a3))
MM_OPENSSL(crypto, void, X509_free, (X509 *a0), (a0))
MM_OPENSSL(crypto, const ASN1_TIME *, X509_get0_notAfter, (const X509 *a0), (a0))
MM_OPENSSL(crypto, const ASN1_TIME *, X509_get0_notBefore, (const X509 *a0), (a0))
MM_OPENSSL(crypto, void *, X509_get_ext_d2i, (const X509 *a0, int a1, int *a2, int *a3), (a0, a1, a2, a3))
MM_OPENSSL(crypto, X509_NAME *, X509_get_issuer_name, (const X509 *a0), (a0))
MM_OPENSSL(crypto, X509_NAME *, X509_get_subject_name, (const X509 *a0), (a0))
MM_OPENSSL(crypto, int, X509_verify_cert, (X509_STORE_CTX *a0), (a0))
MM_OPENSSL(crypto, const char *, X509_verify_cert_error_string, (long a0), (a0))
MM_OPENSSL(crypto, ASN1_OCTET_STRING *, a2i_IPADDRESS, (const char *a0), (a0))
MM_OPENSSL(crypto, X509 *, d2i_X509, (X509 **a0, const unsigned char **a1, long a2), (a0, a1, a2))

// Asio's OpenSSL guard (a static object of every program that includes asio/ssl) calls this at exit
// in every run. With libcrypto never loaded there is nothing to unload, and loading it for that
// would cost the exit what the start-up saved.
extern "C" __attribute__((visibility("hidden"))) void CONF_modules_unload(int all) {
  if (void* crypto = crypto_opened.load(std::memory_order_acquire)) {
    reinterpret_cast<decltype(::CONF_modules_unload)*>(startup::symbol_or_exit(crypto, "CONF_modules_unload", "OpenSSL"))(all);
  }
}
