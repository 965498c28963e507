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
# tests/print.rs reads the PDFs Chromium prints with poppler's pdftotext.
need_apt pdftotext poppler-utils
# A font with Chinese and Japanese glyphs, without which Chromium prints those pages as boxes
# and the printed text cannot be read back.
fc-list 2>/dev/null | grep -qi 'WenQuanYi Micro Hei' || apt_missing+=(fonts-wqy-microhei)
# tests/check.rs runs the Nu HTML Checker (vnu.jar, from npm's vnu-jar) on the status page.
need_apt java default-jre-headless
need_apt npm npm
# tests/versions_data.rs validates every JSON file a build writes with Python's jsonschema;
# tests/translate.rs reads and pseudo-translates XLIFF with Python's translate-toolkit.
need_apt python3 python3
{ python3 -c 'import jsonschema' && command -v podebug; } >/dev/null 2>&1 || need_apt pip3 python3-pip
if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "scripts/test.sh: installing ${apt_missing[*]} (Debian)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y --no-install-recommends "${apt_missing[@]}"
fi

# tests/a11y.rs injects axe-core (from the npm registry) into each page; it looks for it
# here, and fails (never skips) without it. The version is pinned: a new axe-core release may
# add rules, and that should be a change to this line, not a surprise in CI.
if [ ! -f target/node/node_modules/axe-core/axe.min.js ]; then
  command -v npm >/dev/null 2>&1 || { echo "scripts/test.sh: npm is missing (Debian: apt-get install npm)" >&2; exit 1; }
  echo "scripts/test.sh: installing axe-core into target/node (npm)" >&2
  npm install --prefix target/node --no-audit --no-fund --no-save axe-core@4.14.1
fi

# tests/deploy.rs deploys to a real S3 server on 127.0.0.1: s3s-fs, from crates.io.
if ! command -v s3s-fs >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/s3s-fs" ]; then
  echo "scripts/test.sh: installing s3s-fs (crates.io)" >&2
  cargo install s3s-fs --version 0.14.1 --features binary --locked
fi

# tests/deploy.rs deploys to a real Azure Blob service on 127.0.0.1: Azurite, Microsoft's
# emulator, from the npm registry (pinned, like axe-core).
if ! command -v azurite-blob >/dev/null 2>&1; then
  echo "scripts/test.sh: installing azurite (npm)" >&2
  npm install -g --no-audit --no-fund azurite@3.37.0
fi

# The Nu HTML Checker: npm's vnu-jar ships vnu.jar (tests/check.rs runs it with `java -jar`).
if [ ! -f "$(npm root -g)/vnu-jar/build/dist/vnu.jar" ]; then
  echo "scripts/test.sh: installing vnu-jar (npm)" >&2
  npm install -g vnu-jar
fi

# JSON Schema draft 2020-12 validation (PyPI's jsonschema, pinned): tests/versions_data.rs
# checks versions.json and legal.json against schemas/ with it, and fails without it.
if ! python3 -c 'import jsonschema' >/dev/null 2>&1; then
  echo "scripts/test.sh: installing jsonschema (PyPI)" >&2
  pip3 install --break-system-packages jsonschema==4.26.0 || pip3 install jsonschema==4.26.0
  python3 -c 'import jsonschema' || { echo "scripts/test.sh: jsonschema did not install" >&2; exit 1; }
fi

# The CAT-tool side of XLIFF (PyPI's translate-toolkit, the library behind Pootle and
# Weblate, pinned): tests/translate.rs parses every exported file with it and imports what its
# `podebug` pseudo-translation writes; it fails without it.
if ! command -v podebug >/dev/null 2>&1 || ! python3 -c 'import translate.storage.xliff' >/dev/null 2>&1; then
  echo "scripts/test.sh: installing translate-toolkit (PyPI)" >&2
  pip3 install --break-system-packages translate-toolkit==3.20.4 || pip3 install translate-toolkit==3.20.4
  command -v podebug >/dev/null 2>&1 || { echo "scripts/test.sh: podebug (translate-toolkit) is not on PATH" >&2; exit 1; }
fi

cargo test --locked "$@"
