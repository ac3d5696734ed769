#!/usr/bin/env bash
# Checks that taplo (the TOML toolkit behind Even Better TOML) reads mlsd.schema.json through
# a `#:schema` directive: a good `.mlsd.toml` passes `taplo check`, a broken one fails on
# each mistake. taplo comes from PyPI into REPO_DIR/target/taplo-venv (gitignored).
#
# Usage: editors/schema/test-taplo.sh [REPO_DIR]     (default: the current folder)
set -euo pipefail

repo=$(cd "${1:-.}" && pwd)
venv=$repo/target/taplo-venv
work=$repo/target/taplo-check
schema=$repo/editors/schema/mlsd.schema.json
[ -f "$schema" ] || { echo "FAIL: $schema is missing"; exit 1; }

if [ ! -x "$venv/bin/taplo" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check taplo
fi
taplo=$venv/bin/taplo
echo "== $("$taplo" --version)"

# The layout a user would have: the schema in the repository, the directive relative to
# the config file.
rm -rf "$work"
mkdir -p "$work/editors/schema" "$work/good" "$work/bad"
cp "$schema" "$work/editors/schema/"
cat >"$work/good/.mlsd.toml" <<'EOF'
#:schema ../editors/schema/mlsd.schema.json
level = "L5"
words_per_minute = 140
minutes = 45
include = ["answers/**/*.md"]
allow = ["blazing fast"]

[rules]
vague-term = "error"
missing-diagram = "off"

[vocab]
vague = ["snappy"]
EOF
cat >"$work/bad/.mlsd.toml" <<'EOF'
#:schema ../editors/schema/mlsd.schema.json
levle = "L5"
minutes = 0

[rules]
vague-term = "loud"
EOF

failures=0
if "$taplo" check --colors never "$work/good/.mlsd.toml" >"$work/good.log" 2>&1; then
  echo "PASS: taplo accepts a valid .mlsd.toml"
else
  echo "FAIL: taplo rejects a valid .mlsd.toml:"
  sed 's/^/    /' "$work/good.log"
  failures=$((failures + 1))
fi
if "$taplo" check --colors never "$work/bad/.mlsd.toml" >"$work/bad.log" 2>&1; then
  echo "FAIL: taplo accepts a broken .mlsd.toml"
  failures=$((failures + 1))
else
  for expected in "'levle' was unexpected" "less than the minimum of 1" '"loud" is not one of'; do
    if grep -qF "$expected" "$work/bad.log"; then
      echo "PASS: taplo reports: $expected"
    else
      echo "FAIL: taplo does not report: $expected; log:"
      sed 's/^/    /' "$work/bad.log"
      failures=$((failures + 1))
    fi
  done
fi

if [ "$failures" = 0 ]; then
  echo "taplo schema checks: all passed"
else
  echo "taplo schema checks: $failures failed"
  exit 1
fi
