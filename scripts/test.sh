#!/usr/bin/env bash
# The one test command (README "Quick start", and what .ci/run calls): installs what the tests
# need and is missing, then runs every test. A fresh machine needs only the Rust toolchain;
# as root it installs Debian's packages and the rest from crates.io and npm. A test whose tool
# is still missing fails loudly: none of them skips.
#   scripts/test.sh [cargo test arguments…]
set -euo pipefail
cd "$(dirname "$0")/.."

apt_missing=()
need_apt() { # command package
  command -v "$1" >/dev/null 2>&1 || apt_missing+=("$2")
}
# tests/browser.rs drives Chromium through ChromeDriver.
need_apt chromium chromium
need_apt chromedriver chromium-driver
if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "scripts/test.sh: installing ${apt_missing[*]} (Debian)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${apt_missing[@]}"
fi

# tests/deploy.rs deploys to a real S3 server on 127.0.0.1: s3s-fs, from crates.io.
if ! command -v s3s-fs >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/s3s-fs" ]; then
  echo "scripts/test.sh: installing s3s-fs (crates.io)" >&2
  cargo install s3s-fs --version 0.14.1 --features binary --locked
fi

cargo test --locked "$@"
