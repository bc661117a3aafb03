#!/usr/bin/env bash
# Adds one migration to both providers, so their histories never drift apart.
# Usage: scripts/add-migration.sh <Name>
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh <Name>}"
dotnet tool restore >/dev/null
for provider in Sqlite Postgres; do
  echo "== $provider"
  MADANG_EF_PROVIDER=$provider dotnet ef migrations add "$name" \
    --project "src/Madang.Migrations.$provider" --startup-project src/Madang.Web \
    --context MadangDbContext --output-dir Migrations
done
echo "Added $name to both providers. Raw SQL that EF cannot model (FTS5, tsvector) must be added by hand to each."
