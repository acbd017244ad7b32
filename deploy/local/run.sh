#!/usr/bin/env bash
# Run the platform locally in Production mode against its private PostgreSQL cluster (no demo accounts),
# e.g. to try a published build: deploy/local/run.sh [--urls http://127.0.0.1:5080]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dotnet publish src/Consultation/Consultation.csproj -c Release -o .data/publish --nologo -v quiet
export LocalDatabase__DataDirectory="${LocalDatabase__DataDirectory:-$PWD/.data/postgres-production}"
exec dotnet .data/publish/Consultation.dll "$@"
