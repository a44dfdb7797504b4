# Builds the provider database from data/ at build time and embeds it (owned by src/providers).
# Placeholder until the providers component lands.
