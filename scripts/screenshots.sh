#!/usr/bin/env bash
# Renders the example portal's privacy policy in headless Chromium (Debian's `chromium`) at a
# phone and a desktop width, in dark mode, and to PDF, and its Arabic pages (right to left: the
# translated terms and the privacy policy shown from English), for a person to look at.
#   scripts/screenshots.sh [OUT_DIR]      (default: target/screenshots)
# Needs chromium (apt-get install chromium); pdftoppm (poppler-utils) turns the PDF's first
# pages into PNGs when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/screenshots}
mkdir -p "$out"
command -v chromium >/dev/null || { echo "chromium is missing: apt-get install chromium" >&2; exit 1; }
cargo run --quiet --release -- build --out target/screenshots-site
page="file://$PWD/target/screenshots-site/acme/en/agreement/privacy-policy/index.html"
zh="file://$PWD/target/screenshots-site/acme/zh-CN/agreement/privacy-policy/index.html"
ar_terms="file://$PWD/target/screenshots-site/globex/ar/agreement/terms-of-service/index.html"
ar_privacy="file://$PWD/target/screenshots-site/globex/ar/agreement/privacy-policy/index.html"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
shot() { # width height file url [extra flags]
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
    --window-size="$1,$2" --screenshot="$3" "${@:5}" "$4" 2>/dev/null
}
shot 390 1800 "$out/phone.png" "$page"
shot 1280 1400 "$out/desktop.png" "$page"
shot 1280 1400 "$out/desktop-dark.png" "$page" --force-dark-mode --blink-settings=preferredColorScheme=0
shot 390 1400 "$out/phone-zh-CN.png" "$zh"
shot 1280 1000 "$out/desktop-ar.png" "$ar_terms"
shot 390 1400 "$out/phone-ar.png" "$ar_terms"
shot 1280 1000 "$out/desktop-ar-fallback.png" "$ar_privacy"
shot 1280 1000 "$out/desktop-ar-dark.png" "$ar_terms" --force-dark-mode --blink-settings=preferredColorScheme=0
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" \
  --no-pdf-header-footer --print-to-pdf="$out/privacy-policy.pdf" "$page" 2>/dev/null
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$profile" \
  --no-pdf-header-footer --print-to-pdf="$out/terms-ar.pdf" "$ar_terms" 2>/dev/null
if command -v pdftoppm >/dev/null; then
  pdftoppm -png -r 60 -f 1 -l 3 "$out/privacy-policy.pdf" "$out/pdf-page"
  pdftoppm -png -r 60 -f 1 -l 1 "$out/terms-ar.pdf" "$out/pdf-ar"
fi
# The redline of the example policy's current version against the one before (SPEC §6),
# at the clauses it changed, and its version list.
redline="file://$PWD/target/screenshots-site/acme/en/agreement/privacy-policy/changes/2022-01-28/index.html"
shot 1280 1400 "$out/redline.png" "$redline#clause-2.1.1"
shot 1280 1400 "$out/redline-dark.png" "$redline#clause-2.1.1" --force-dark-mode --blink-settings=preferredColorScheme=0
shot 1280 900 "$out/versions.png" "file://$PWD/target/screenshots-site/acme/en/agreement/privacy-policy/versions/index.html"
ls -1 "$out"
