# Shared by the headless-Chromium checks (sourced, not run): finds the mlsd binary ($1 or
# target/release/mlsd, made absolute), finds Chromium or SKIPs (exit 0, never "passed"),
# makes $OUT (target/browser) and a throwaway $WORK folder, and defines `chromium` with a
# fresh profile and no network.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
MLSD="${1:-target/release/mlsd}"
[ -x "$MLSD" ] || MLSD=target/debug/mlsd
[ -x "$MLSD" ] || { echo "FAIL: no mlsd binary (build it first)"; exit 1; }
MLSD="$(cd "$(dirname "$MLSD")" && pwd)/$(basename "$MLSD")"

CHROMIUM=""
for c in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$c" > /dev/null 2>&1; then CHROMIUM="$(command -v "$c")"; break; fi
done
if [ -z "$CHROMIUM" ]; then
  echo "SKIP: no Chromium on PATH (Debian/Ubuntu: apt-get install chromium)"
  exit 0
fi
command -v python3 > /dev/null || { echo "SKIP: python3 is needed to read the DOM"; exit 0; }

OUT=target/browser
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mlsd-browser.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
PROFILE="$WORK/chromium-profile"

chromium() {
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$PROFILE" "$@" 2> "$OUT/chromium.log"
}
