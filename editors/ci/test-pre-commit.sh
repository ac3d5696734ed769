#!/usr/bin/env bash
# End-to-end test of .pre-commit-hooks.yaml through pre-commit itself (from PyPI, in a
# virtual environment): `pre-commit try-repo` must fail on examples/weak.md and pass on
# examples/strong.md, for each hook; and README.md's `.pre-commit-config.yaml` example, run as
# written, must fail a weak draft under answers/ and pass a strong one and a README.
#
# Usage: editors/ci/test-pre-commit.sh [REPO_DIR]     (default: the current folder)
#
# Environment:
#   HOOKS             hook ids to test (default "mlsd mlsd-system"). `mlsd` makes pre-commit
#                     `cargo install` the repository (a release build); `mlsd-system` runs
#                     the mlsd on PATH, for which this script uses the binary that build left
#                     in $CARGO_TARGET_DIR/release, else $MLSD_BIN.
#   CARGO_TARGET_DIR  where pre-commit's cargo install builds (default REPO_DIR/target, so a
#                     CI that already ran `cargo build --release` reuses its dependencies).
#   MLSD_BIN          an mlsd binary for the `mlsd-system` hook.
#   PYTHON            the Python that creates the virtual environment (default python3).
#
# Everything it writes stays under REPO_DIR/target (gitignored): precommit-venv/ and
# precommit/. try-repo only sees committed files plus changes to tracked ones, so the hook
# repository is a fresh commit of the working tree (tracked and untracked, minus ignored).
set -euo pipefail

repo=$(cd "${1:-.}" && pwd)
began=$(date +%s)
hooks=${HOOKS:-mlsd mlsd-system}
venv=$repo/target/precommit-venv
work=$repo/target/precommit
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$repo/target}

for f in .pre-commit-hooks.yaml examples/weak.md examples/strong.md; do
  [ -f "$repo/$f" ] || { echo "FAIL: $repo/$f is missing"; exit 1; }
done

if [ ! -x "$venv/bin/pre-commit" ]; then
  echo "== installing pre-commit into $venv"
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pre-commit
fi
echo "== $("$venv/bin/pre-commit" --version)"
if "$venv/bin/pre-commit" validate-manifest "$repo/.pre-commit-hooks.yaml"; then
  echo "PASS: .pre-commit-hooks.yaml is a valid manifest"
else
  echo "FAIL: .pre-commit-hooks.yaml is not a valid manifest"
  exit 1
fi

rm -rf "$work"
mkdir -p "$work/hook-repo" "$work/project"
git_quiet() {
  git -c user.name=mlsd-ci -c user.email=mlsd-ci@example.invalid -c commit.gpgsign=false \
    -c init.defaultBranch=main "$@"
}

# The hook repository: the working tree as one commit.
(cd "$repo" && git ls-files -z --cached --others --exclude-standard) |
  while IFS= read -r -d '' f; do
    # Tracked files deleted in the working tree are left out, as a commit would.
    [ -f "$repo/$f" ] || continue
    mkdir -p "$work/hook-repo/$(dirname "$f")"
    cp -p "$repo/$f" "$work/hook-repo/$f"
  done
git_quiet -C "$work/hook-repo" init -q
git_quiet -C "$work/hook-repo" add -A
git_quiet -C "$work/hook-repo" commit -q -m "working tree of $repo"

# A project with one weak and one strong draft.
cp "$repo/examples/weak.md" "$repo/examples/strong.md" "$work/project/"
git_quiet -C "$work/project" init -q
git_quiet -C "$work/project" add weak.md strong.md

failures=0
# check HOOK FILE EXPECTED(pass|fail)
check() {
  local hook=$1 file=$2 expected=$3 log="$work/$1-$2.log" start rc outcome
  start=$(date +%s)
  set +e
  (cd "$work/project" &&
    "$venv/bin/pre-commit" try-repo "$work/hook-repo" "$hook" --files "$file" --color never) \
    >"$log" 2>&1
  rc=$?
  set -e
  local took=$(($(date +%s) - start))
  outcome=pass
  if [ "$rc" != 0 ]; then
    outcome=fail
    # A failure must come from mlsd's findings, not from a broken install.
    grep -Eq "(^|[[:space:]/])$file:[0-9]+:[0-9]+ " "$log" || outcome="fail without findings"
  fi
  if [ "$outcome" = "$expected" ]; then
    echo "PASS: $hook on $file: ${expected}ed as expected (exit $rc, ${took}s)"
  else
    echo "FAIL: $hook on $file: expected $expected, got $outcome (exit $rc, ${took}s); log:"
    sed 's/^/    /' "$log"
    failures=$((failures + 1))
  fi
}

for hook in $hooks; do
  case $hook in
    mlsd-system)
      bin=${MLSD_BIN:-$CARGO_TARGET_DIR/release/mlsd}
      if [ ! -x "$bin" ]; then
        echo "FAIL: mlsd-system needs an mlsd binary: none at $bin (set MLSD_BIN)"
        failures=$((failures + 1))
        continue
      fi
      mkdir -p "$work/bin"
      ln -sf "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$work/bin/mlsd"
      PATH="$work/bin:$PATH" check "$hook" weak.md fail
      PATH="$work/bin:$PATH" check "$hook" strong.md pass
      ;;
    *)
      check "$hook" weak.md fail
      check "$hook" strong.md pass
      ;;
  esac
done

# README.md's .pre-commit-config.yaml example, as written (`repo: local`, the mlsd on PATH):
# it must fail a weak draft under answers/, pass a strong one, and leave a README alone.
readme_bin=${MLSD_BIN:-$CARGO_TARGET_DIR/release/mlsd}
if [ -x "$readme_bin" ]; then
  readme_cfg=$(awk '/^\*\*pre-commit\*\*/ { f = 1 } f && /^```yaml/ { c = 1; next } c && /^```/ { exit } c' "$repo/README.md")
  if [ -z "$readme_cfg" ]; then
    echo "FAIL: README.md has no pre-commit YAML example after **pre-commit**"
    failures=$((failures + 1))
  else
    proj="$work/readme-project"
    mkdir -p "$proj/answers" "$work/bin"
    ln -sf "$(cd "$(dirname "$readme_bin")" && pwd)/$(basename "$readme_bin")" "$work/bin/mlsd"
    cp "$repo/examples/weak.md" "$proj/answers/weak.md"
    cp "$repo/examples/strong.md" "$proj/answers/strong.md"
    cp "$repo/examples/weak.md" "$proj/README.md"
    printf '%s\n' "$readme_cfg" >"$proj/.pre-commit-config.yaml"
    git_quiet -C "$proj" init -q
    git_quiet -C "$proj" add -A
    # run_readme FILE EXPECTED(pass|fail)
    run_readme() {
      local log="$work/readme-$(basename "$1").log" rc
      set +e
      (cd "$proj" && PATH="$work/bin:$PATH" "$venv/bin/pre-commit" run --files "$1" --color never) >"$log" 2>&1
      rc=$?
      set -e
      if { [ "$2" = pass ] && [ "$rc" = 0 ]; } || { [ "$2" = fail ] && [ "$rc" != 0 ] && grep -q "$1:[0-9]*:[0-9]* " "$log"; }; then
        echo "PASS: README example on $1: ${2}ed as expected (exit $rc)"
      else
        echo "FAIL: README example on $1: expected $2 (exit $rc); log:"
        sed 's/^/    /' "$log"
        failures=$((failures + 1))
      fi
    }
    run_readme answers/weak.md fail
    run_readme answers/strong.md pass
    run_readme README.md pass
  fi
else
  echo "SKIP: README example (no mlsd binary at $readme_bin; set MLSD_BIN)"
fi

took=$(($(date +%s) - began))
if [ "$failures" = 0 ]; then
  echo "pre-commit hooks: all checks passed (${took}s)"
else
  echo "pre-commit hooks: $failures check(s) failed (${took}s)"
  exit 1
fi
