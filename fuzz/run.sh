#!/usr/bin/env bash
# Builds the libFuzzer targets with the nightly toolchain and runs each for a time budget.
#
#   fuzz/run.sh [seconds-per-target] [target ...]     (default: 60 s, all four targets)
#
# Corpora grow in fuzz/corpus/<target> (seeded from examples/, tests/fixtures/ and rules/);
# a crash, timeout or leak is saved in fuzz/artifacts/<target>/ and makes the script fail
# (after the other targets have run). Reproduce one with
#   cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>
# then turn it into a plain regression test under tests/.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(lint config text_index documents)

command -v cargo-fuzz >/dev/null || { echo "fuzz/run.sh: cargo-fuzz is missing: cargo install cargo-fuzz" >&2; exit 2; }
cd "$here"

start=$(date +%s)
for t in "${targets[@]}"; do
  if ! cargo +nightly fuzz build "$t" >build.log 2>&1; then
    tail -20 build.log >&2
    echo "fuzz/run.sh: cannot build $t" >&2
    exit 2
  fi
done
echo "fuzz/run.sh: built in $(( $(date +%s) - start )) s"

seed() { # target, then seed files
  local t="$1"; shift
  mkdir -p "corpus/$t"
  for f in "$@"; do
    [ -f "$f" ] || continue
    local name; name="seed-$(basename "$f")"
    cp -n "$f" "corpus/$t/$name" 2>/dev/null || true
    # The same bytes behind a control byte: the targets read them as generator choices.
    [ -f "corpus/$t/s1-$name" ] || { printf '\001'; head -c 4096 "$f"; } >"corpus/$t/s1-$name"
  done
}
md=("$root"/examples/*.md "$root"/tests/fixtures/*.md)
seed lint "${md[@]}"
seed text_index "${md[@]}"
seed documents "${md[@]}"
seed config "$root"/rules/*.toml "$root"/tests/fixtures/.mlsd.toml

failed=()
for t in "${targets[@]}"; do
  dict=dict/mlsd.dict
  [ "$t" = config ] && dict=dict/toml.dict
  mkdir -p "artifacts/$t" logs
  echo "== $t: ${secs} s"
  cargo +nightly fuzz run "$t" "corpus/$t" -- \
    -max_total_time="$secs" -dict="$dict" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 >"logs/$t.log" 2>&1
  rc=$?
  grep -E '^#[0-9]+.*(DONE|pulse)' "logs/$t.log" | tail -1
  grep -E 'stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "logs/$t.log" | tail -3
  if [ $rc -ne 0 ]; then
    echo "!! $t failed (exit $rc); see fuzz/logs/$t.log and fuzz/artifacts/$t/"
    grep -E 'panicked|ERROR: libFuzzer|Test unit written' "logs/$t.log" | head -5
    failed+=("$t")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz/run.sh: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz/run.sh: no crash in ${targets[*]} (${secs} s each)"
