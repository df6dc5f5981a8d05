#!/usr/bin/env bash
# Runs the whole DiveML test suite, doing any missing machine set-up first (scripts/setup.sh is idempotent).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test DiveML.sln -c Release -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
passed=$(grep -Eo '^ +Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | tail -1 || true)
failed=$(grep -Eo '^ +Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | tail -1 || true)
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit "$status"
