#!/usr/bin/env bash
# Makes sure the browser tests have a Chromium: playwright-core drives Debian's `chromium` package, since
# `npx playwright install` cannot download browsers here. Idempotent; fails loudly when it cannot provide one.
# CHROMIUM_PATH names another binary (the tests read it too).
set -euo pipefail
die() { echo "ensure-chromium: $*" >&2; exit 1; }
runs() { [ -x "$1" ] && "$1" --version >/dev/null 2>&1; }

bin="${CHROMIUM_PATH:-/usr/bin/chromium}"
if runs "$bin"; then
  echo "ensure-chromium: $("$bin" --version 2>/dev/null | head -n1) at $bin" >&2
  exit 0
fi
[ -z "${CHROMIUM_PATH:-}" ] || die "CHROMIUM_PATH=$CHROMIUM_PATH does not run"
command -v apt-get >/dev/null || die "no Chromium at $bin and no apt-get: install Chromium and set CHROMIUM_PATH"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "Chromium is missing and installing it needs root: run 'apt-get install -y chromium' as root"
  sudo="sudo -n"
fi
echo "ensure-chromium: installing Debian's chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install -y --no-install-recommends chromium >&2 \
  || { $sudo apt-get update >&2 && $sudo apt-get install -y --no-install-recommends chromium >&2; } \
  || die "apt-get could not install chromium"
runs "$bin" || die "chromium was installed but $bin does not run"
echo "ensure-chromium: $("$bin" --version 2>/dev/null | head -n1) at $bin" >&2
