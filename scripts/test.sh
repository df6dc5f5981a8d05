#!/usr/bin/env bash
# Runs the whole DiveML test suite, doing any missing machine set-up first (scripts/setup.sh is idempotent).
# Then exercises the TorchBackend=external build route (TorchSharp without bundled libtorch; README "GPU"): the same
# suite again, with libtorch taken from the libtorch-cpu-linux-x64 package the default build restored, as a user's
# PyTorch installation would provide it. DIVEML_SKIP_EXTERNAL=1 skips that second pass (e.g. for quick local runs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

run_suite() {
  local label="$1"; shift
  local status=0
  dotnet test DiveML.sln -c Release -nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
  local passed failed
  passed=$(grep -Eo '^ +Passed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | tail -1 || true)
  failed=$(grep -Eo '^ +Failed: +[0-9]+' "$log" | grep -Eo '[0-9]+' | tail -1 || true)
  echo "tests ($label): ${passed:-0} passed, ${failed:-0} failed"
  return "$status"
}

run_suite "TorchBackend=cpu" "$@"

if [ "${DIVEML_SKIP_EXTERNAL:-0}" != "1" ]; then
  packages="$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')"
  libtorch="${packages%/}/libtorch-cpu-linux-x64/2.10.0/runtimes/linux-x64/native"
  if [ ! -f "$libtorch/libtorch.so" ]; then
    echo "error: libtorch 2.10 not found at $libtorch (the default build restores it)" >&2
    exit 1
  fi
  LD_LIBRARY_PATH="$libtorch${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" run_suite "TorchBackend=external" -p:TorchBackend=external "$@"
fi
