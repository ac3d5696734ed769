#!/usr/bin/env bash
# Batch end-to-end test of editors/emacs/mlsd.el: Emacs + Eglot against the real server.
#
#   editors/emacs/test.sh <path-to-mlsd-binary>
#
# Needs emacs and eglot (Debian: apt-get install -y emacs-nox elpa-eglot; add
# elpa-markdown-mode to test with the real markdown-mode). Without emacs it prints SKIP and
# exits 0. MLSD_EMACS_TIMEOUT: seconds for the Emacs run (default 120);
# MLSD_EMACS_STANDIN_MODE=1 uses a text-mode stand-in even when markdown-mode is installed.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

if [ $# -ne 1 ]; then
  echo "usage: $0 <path-to-mlsd-binary>" >&2
  exit 2
fi
bin="$(realpath "$1")"
if [ ! -x "$bin" ]; then
  echo "FAIL: $bin is not an executable mlsd binary" >&2
  exit 1
fi
if ! command -v emacs >/dev/null 2>&1; then
  echo "SKIP Emacs end-to-end test: emacs is not installed (apt-get install -y emacs-nox elpa-eglot)"
  exit 0
fi
if ! emacs --batch --eval "(require 'eglot)" >/dev/null 2>&1; then
  echo "SKIP Emacs end-to-end test: eglot is not available (apt-get install -y elpa-eglot)"
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/mlsd-emacs-e2e.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$repo/examples/weak.md" "$work/weak.md"
printf -- '---\nlevel: L5\ntype: recommendation\n---\n' >"$work/blank.md"

t0=$SECONDS
# mlsd.el byte-compiles without warnings (compiled in a copy, so no .elc lands here).
mkdir -p "$work/compile" && cp "$here/mlsd.el" "$work/compile/"
compile_log="$(cd "$work" && HOME="$work" emacs --batch -L "$work/compile" \
  -f batch-byte-compile "$work/compile/mlsd.el" 2>&1 | grep -v '^Loading ' || true)"
if [ -f "$work/compile/mlsd.elc" ] && ! grep -qi 'warning\|error' <<<"$compile_log"; then
  echo "PASS mlsd.el byte-compiles cleanly" | tee "$work/compile.txt"
else
  echo "FAIL mlsd.el byte-compiles cleanly  -- $compile_log" | tee "$work/compile.txt"
fi
set +e
# Not -Q: Debian activates its elpa-* packages (eglot, markdown-mode) from site-start.
(cd "$work" && HOME="$work" MLSD_BIN="$bin" MLSD_EMACS_DIR="$here" MLSD_EMACS_WORK="$work" \
  timeout --kill-after=5 "${MLSD_EMACS_TIMEOUT:-120}" emacs --batch -l "$here/test.el") </dev/null 2>"$work/stderr.txt" | tee "$work/out.txt"
rc=${PIPESTATUS[0]}
set -e
cat "$work/compile.txt" >>"$work/out.txt"
n_pass=$(grep -c '^PASS ' "$work/out.txt" || true)
n_fail=$(grep -c '^FAIL ' "$work/out.txt" || true)
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  echo "FAIL Emacs did not finish within ${MLSD_EMACS_TIMEOUT:-120} s"
  n_fail=$((n_fail + 1))
elif [ "$rc" -ne 0 ] && [ "$n_fail" -eq 0 ]; then
  echo "FAIL Emacs exited with status $rc"
  n_fail=$((n_fail + 1))
fi
if [ "$n_fail" -ne 0 ]; then
  echo "--- Emacs messages (last 40 lines)"
  tail -n 40 "$work/stderr.txt"
fi
echo "Emacs end to end took $((SECONDS - t0)) s"
echo "emacs: $n_pass passed, $n_fail failed"
[ "$n_fail" -eq 0 ]
