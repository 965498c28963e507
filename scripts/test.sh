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
# tests/check.rs runs the Nu HTML Checker (vnu.jar, from npm's vnu-jar) on the status page.
need_apt java default-jre-headless
need_apt npm npm
if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "scripts/test.sh: installing ${apt_missing[*]} (Debian)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${apt_missing[@]}"
fi

# The Nu HTML Checker: npm's vnu-jar ships vnu.jar (tests/check.rs runs it with `java -jar`).
if [ ! -f "$(npm root -g)/vnu-jar/build/dist/vnu.jar" ]; then
  echo "scripts/test.sh: installing vnu-jar (npm)" >&2
  npm install -g vnu-jar
fi

cargo test --locked "$@"
