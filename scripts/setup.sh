#!/usr/bin/env bash
# One-time machine set-up for DiveML. Idempotent: every step checks first and does nothing when already satisfied.
#  1. TorchSharp 0.107 (libtorch 2.10) needs GLIBCXX_3.4.32 (libstdc++ from GCC 13+). Debian 12 ships 3.4.30, so on
#     such a system we install libstdc++6 from Debian 13 through a temporary apt source that is removed afterwards.
#     Ubuntu 24.04+/Debian 13+ already have it: nothing happens there.
#  2. Fashion-MNIST comes from the Debian package dataset-fashion-mnist (/usr/share/datasets/fashion-mnist).
#  3. LightGBM's native library (ML.NET's LightGbm trainers) needs the OpenMP runtime libgomp.so.1 (Debian: libgomp1),
#     which minimal images may lack; libtorch brings its own copy, LightGBM does not.
#  4. The scale-out tests start a redis-server of their own (a child process on a free port; docs/scale-out.md):
#     Debian's redis-server package. Only the binary is needed: the package's own service is kept from starting, so
#     set-up leaves no server listening.
set -euo pipefail

log() { echo "[setup] $*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

find_libstdcxx() {
  # The path the dynamic loader resolves, so we test the library TorchSharp will actually get.
  local p
  p=$(/sbin/ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 \(libc6,x86-64\)/{print $NF; exit}')
  [ -n "$p" ] || p=/usr/lib/x86_64-linux-gnu/libstdc++.so.6
  echo "$p"
}

has_glibcxx_3_4_32() {
  local lib
  lib=$(find_libstdcxx)
  [ -r "$lib" ] && grep -aq 'GLIBCXX_3\.4\.32' "$lib"
}

ensure_libstdcxx() {
  if has_glibcxx_3_4_32; then
    log "libstdc++ provides GLIBCXX_3.4.32: TorchSharp can load."
    return
  fi
  local id="" version=""
  if [ -r /etc/os-release ]; then . /etc/os-release; id=${ID:-}; version=${VERSION_ID:-}; fi
  if [ "$id" != "debian" ] || [ "$version" != "12" ] || ! command -v apt-get >/dev/null 2>&1; then
    log "WARNING: the system libstdc++ lacks GLIBCXX_3.4.32, which TorchSharp 0.107 needs, and this is not Debian 12,"
    log "         so no automatic fix is applied. Install libstdc++ from GCC 13 or newer to use the trainers."
    return
  fi
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    log "ERROR: installing libstdc++6 from Debian 13 needs root (or sudo). Re-run this script as root."
    exit 1
  fi
  log "Debian 12 detected without GLIBCXX_3.4.32: installing libstdc++6 from Debian 13 (trixie) via a temporary source."
  local src=/etc/apt/sources.list.d/diveml-trixie-temporary.sources
  cleanup_src() { $SUDO rm -f "$src"; }
  trap 'cleanup_src' EXIT
  $SUDO tee "$src" >/dev/null <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libstdc++6/trixie >/dev/null
  cleanup_src
  trap - EXIT
  $SUDO apt-get update -qq
  if has_glibcxx_3_4_32; then
    log "libstdc++6 from Debian 13 installed; temporary apt source removed."
  else
    log "ERROR: libstdc++6 was installed from trixie but GLIBCXX_3.4.32 is still missing."
    exit 1
  fi
}

ensure_fashion_mnist() {
  local dir=/usr/share/datasets/fashion-mnist
  if [ -f "$dir/train-images-idx3-ubyte.gz" ] || [ -f "$dir/train-images-idx3-ubyte" ]; then
    log "Fashion-MNIST present in $dir."
    return
  fi
  if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; }; then
    log "WARNING: Fashion-MNIST is missing and apt is unavailable here; install the Debian package dataset-fashion-mnist"
    log "         or pass --data-dir to the Fashion-MNIST commands."
    return
  fi
  log "Installing Fashion-MNIST (Debian package dataset-fashion-mnist)."
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends dataset-fashion-mnist >/dev/null
  fi
}

ensure_libgomp() {
  if /sbin/ldconfig -p 2>/dev/null | grep -q 'libgomp\.so\.1 (libc6,x86-64)'; then
    log "libgomp.so.1 present: LightGBM can load."
    return
  fi
  if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; }; then
    log "WARNING: libgomp.so.1 (OpenMP) is missing and apt is unavailable here; install libgomp1 to use the LightGBM models."
    return
  fi
  log "Installing libgomp1 (OpenMP runtime for LightGBM)."
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libgomp1 >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libgomp1 >/dev/null
  fi
}

ensure_redis_server() {
  if command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ]; then
    log "redis-server present: the scale-out tests can start their own."
    return
  fi
  if ! command -v apt-get >/dev/null 2>&1 || { [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; }; then
    log "WARNING: redis-server is missing and apt is unavailable here; install Debian's redis-server for the scale-out tests"
    log "         (dive kaggle --cluster needs a Redis server somewhere, not on every machine)."
    return
  fi
  log "Installing redis-server (Debian package; the scale-out tests start their own instances)."
  # The package would start a system-wide server; a policy-rc.d that denies service starts keeps it from doing so
  # (only when none exists: an image's own policy stays as it is).
  local policy=/usr/sbin/policy-rc.d created=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null && $SUDO chmod 755 "$policy" && created=1
  fi
  local status=0
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null || status=$?
  fi
  if [ -n "$created" ]; then $SUDO rm -f "$policy"; fi
  if [ "$status" -ne 0 ]; then log "ERROR: installing redis-server failed."; exit "$status"; fi
  # Where systemd runs, the unit may have been enabled anyway: the tests never use it.
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now redis-server >/dev/null 2>&1 || true
  fi
}

ensure_libstdcxx
ensure_fashion_mnist
ensure_libgomp
ensure_redis_server
