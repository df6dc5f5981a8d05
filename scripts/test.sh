#!/usr/bin/env bash
# Runs the whole DiveML test suite, doing any missing machine set-up first (scripts/setup.sh is idempotent).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
dotnet test DiveML.sln -c Release -nologo --logger "console;verbosity=normal" "$@"
