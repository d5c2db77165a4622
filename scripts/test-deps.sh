#!/usr/bin/env bash
# Installs what the test suite needs beyond Go: headless Chromium (HTML report tests) and
# Microsoft's SARIF Multitool (SARIF validation). Python with moto ships with the machine
# image. Idempotent: does nothing when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "test-deps: installing chromium (Debian)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

mt=tools/sarif/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$mt" ]; then
  echo "test-deps: installing @microsoft/sarif-multitool (npm)" >&2
  (cd tools/sarif && npm ci --no-audit --no-fund --loglevel=error)
  # npm 11 does not run the package's postinstall (chmod) unless approved; do it here.
  chmod u+x "$mt"
fi

# moto.server (moto's server mode, with its Flask extras) is what the emulator tests and
# BenchmarkCollect start; importing it checks the extras too.
if ! python3 -c 'import moto.server' >/dev/null 2>&1; then
  echo "test-deps: python3 with moto's server mode is missing (it ships with the machine image; pip install 'moto[server]==5.2.1')" >&2
  exit 1
fi
