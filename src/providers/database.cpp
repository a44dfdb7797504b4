#include "providers/database.hpp"

// Placeholder until the providers component lands: knows no provider.
namespace providers {

struct Database::Impl {};

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;
Database Database::embedded() { return Database(std::make_unique<Impl>()); }
Database Database::open(const std::filesystem::path&) { return Database(std::make_unique<Impl>()); }
void Database::add_policy(const std::filesystem::path&) {}
std::optional<Provider> Database::by_domain(const std::string&) const { return std::nullopt; }
std::optional<Provider> Database::by_host(const std::string&) const { return std::nullopt; }
std::optional<Match> Database::match(const core::Account&) const { return std::nullopt; }

}  // namespace providers
