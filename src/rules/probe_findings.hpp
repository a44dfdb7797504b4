#pragma once
// Rules over what a probe saw (core::ProbeResult): each problem of the server or of the way the
// accounts reach it becomes a finding with a stable id, for every account that uses the endpoint
// (or once, with no account, for a `probe --server`). The ids are a public contract like the
// audit's (README "Rules"): never rename one, only add.
#include <string_view>
#include <vector>

#include "core/finding.hpp"
#include "core/model.hpp"
#include "core/probe.hpp"
#include "core/rule_info.hpp"

namespace rules {

namespace probe_id {
inline constexpr std::string_view kDnsFailed = "probe-dns-failed";
inline constexpr std::string_view kUnreachable = "probe-unreachable";
inline constexpr std::string_view kTimeout = "probe-timeout";
inline constexpr std::string_view kTlsModeMismatch = "probe-tls-mode-mismatch";
inline constexpr std::string_view kTlsFailed = "probe-tls-failed";
inline constexpr std::string_view kProtocolError = "probe-protocol-error";
inline constexpr std::string_view kStartTlsNotOffered = "probe-starttls-not-offered";
inline constexpr std::string_view kStartTlsInjection = "probe-starttls-injection";
inline constexpr std::string_view kPlaintextRefused = "probe-plaintext-refused";
inline constexpr std::string_view kCertUntrusted = "probe-cert-untrusted";
inline constexpr std::string_view kCertHostnameMismatch = "probe-cert-hostname-mismatch";
inline constexpr std::string_view kCertExpired = "probe-cert-expired";
inline constexpr std::string_view kCertNotYetValid = "probe-cert-not-yet-valid";
inline constexpr std::string_view kCertExpiresSoon = "probe-cert-expires-soon";
inline constexpr std::string_view kTlsVersionOld = "probe-tls-version-old";
inline constexpr std::string_view kTlsIntercepted = "probe-tls-intercepted";
inline constexpr std::string_view kAuthMethodNotOffered = "probe-auth-method-not-offered";
inline constexpr std::string_view kLoginFailed = "probe-login-failed";
inline constexpr std::string_view kLoginOk = "probe-login-ok";
}  // namespace probe_id

// Days before expiry from which a certificate is reported as expiring soon.
inline constexpr std::int64_t kCertificateWarningDays = 14;

const std::vector<core::RuleInfo>& probe_catalogue();

// The TLS-inspecting product (antivirus mail shield, proxy, firewall) named in the certificate
// chain, e.g. "Avast"; empty when none is.
std::string inspecting_product(const core::ProbeCertificate& certificate);

// Findings of one probed endpoint. `accounts` are the audited accounts; those named in
// probe.target.accounts get the findings, each with the field of the endpoint it uses
// ("incoming.security") and that value's origin. Every finding carries `probe` = probe.id.
std::vector<core::Finding> probe_findings(const core::ProbeResult& probe, const std::vector<core::Account>& accounts);

}  // namespace rules
