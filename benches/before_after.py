#!/usr/bin/env python3
"""Two builds of mlsd side by side on the same inputs, rounds interleaved.

usage: python3 benches/before_after.py OLD_BIN NEW_BIN [--rounds N] [--large DIR]

OLD_BIN is usually a release build of an earlier commit, e.g.
    git worktree add /tmp/mlsd-before <rev> && cargo build --release --manifest-path /tmp/mlsd-before/Cargo.toml

Cases (each binary runs each case once per round, in alternating order, so that load on the
machine hits both alike; the best and median wall time, the CPU time of the best run and
the largest peak RSS are reported):
  - start-up: `mlsd check` on a 150-byte draft;
  - one 5 MB draft: `mlsd check -q single-5mb.md`;
  - 100 MB in 1,000 files, every core: `mlsd check -q --all set-100mb-1000files`.
The large inputs come from ../shared/corpus/make-large.sh (built into target/peers/large when
--large is not given). Both binaries must print the same report for each input (checked once:
a speed-up that changes the output is not a speed-up).
Prints a Markdown table on stdout.
"""
import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run(argv, scratch):
    """Wall seconds, CPU seconds and peak RSS (MB, None if unknown) of one run.

    The peak RSS comes from GNU time when it is installed: a child of this Python process
    would count Python's own memory in its peak (Linux keeps the high-water mark across
    exec), a child of the small `time` program does not."""
    rss_file = os.path.join(scratch, "rss")
    wrapped = [GNU_TIME, "-f", "%M", "-o", rss_file] + argv if GNU_TIME else argv
    start = time.perf_counter()
    p = subprocess.Popen(wrapped, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = 0  # reaped above
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"before_after: {' '.join(argv)} exited {code}")
    rss = None
    if GNU_TIME:
        with open(rss_file) as f:
            # GNU time prints "Command exited with non-zero status 1" before the figure.
            rss = int(f.read().split()[-1]) / 1024
    return wall, ru.ru_utime + ru.ru_stime, rss


def digest(argv):
    out = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    return hashlib.sha256(out).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--large", help="folder made by make-large.sh (default: target/peers/large)")
    args = ap.parse_args()
    for b in (args.old, args.new):
        if not os.access(b, os.X_OK):
            sys.exit(f"before_after: not an executable: {b}")
    large = args.large or os.path.join(ROOT, "target", "peers", "large")
    single = os.path.join(large, "single-5mb.md")
    folder = os.path.join(large, "set-100mb-1000files")
    if not (os.path.isfile(single) and os.path.isdir(folder)):
        make = os.path.join(ROOT, "..", "shared", "corpus", "make-large.sh")
        print(f"building inputs with {make} …", file=sys.stderr)
        subprocess.run(["bash", make, large], check=True, stdout=subprocess.DEVNULL)
    tmp = tempfile.mkdtemp(prefix="mlsd-before-after-")
    tiny = os.path.join(tmp, "tiny.md")
    with open(tiny, "w") as f:
        f.write("# Design a feed ranker\n\n## Clarify\n\nWho are the users? "
                "It should be fast and scale to many users.\n")
    cases = [
        ("start-up + 150-byte draft", ["check", tiny], 5),
        ("one 5 MB draft", ["check", "-q", single], 1),
        ("100 MB in 1,000 files, every core", ["check", "-q", "--all", folder], 1),
    ]
    for name, argv, _ in cases:
        if digest([args.old] + argv) != digest([args.new] + argv):
            print(f"before_after: the two builds print different reports for {name}", file=sys.stderr)
    rows = []
    for name, argv, repeat in cases:
        res = {args.old: [], args.new: []}
        for r in range(args.rounds * repeat):
            order = (args.old, args.new) if r % 2 == 0 else (args.new, args.old)
            for b in order:
                res[b].append(run([b] + argv, tmp))
        rows.append((name, res))
        print(f"  {name}: done", file=sys.stderr)
    mb = {"one 5 MB draft": os.path.getsize(single) / 1e6,
          "100 MB in 1,000 files, every core": sum(
              os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(folder) for f in fs) / 1e6}
    print("| case | build | best ms | median ms | CPU ms (best run) | MB/s | peak RSS MB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for name, res in rows:
        for label, b in (("before", args.old), ("after", args.new)):
            runs = res[b]
            best = min(runs, key=lambda x: x[0])
            med = statistics.median(x[0] for x in runs)
            rss = "n/a" if runs[0][2] is None else f"{max(x[2] for x in runs):.1f}"
            rate = f"{mb[name] / best[0]:.0f}" if name in mb else ""
            print(f"| {name} | {label} | {best[0]*1e3:.1f} | {med*1e3:.1f} | {best[1]*1e3:.0f} | {rate} | {rss} |")
    print(f"\n{args.rounds} rounds ({5 * args.rounds} for start-up), interleaved; "
          f"{os.cpu_count()} cores; old: {args.old}; new: {args.new}")


if __name__ == "__main__":
    main()
