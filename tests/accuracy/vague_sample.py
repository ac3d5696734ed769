#!/usr/bin/env python3
"""Draw the vague-term review sample from the real write-ups.

Runs `mlsd check --select vague-term --format json` over a corpus folder, then draws a
seeded sample of findings, at most 4 per file (all of them when there are fewer than the
sample size). Prints one tab-separated line per finding: path (relative to the corpus),
line, term, and the line's text (for the reviewer's eyes; the committed verdicts keep only
path, line, term, verdict and class).

    python3 tests/accuracy/vague_sample.py target/release/mlsd ../shared/corpus/real > sample.tsv
"""
import json
import random
import subprocess
import sys
from collections import defaultdict

SEED = 21
SAMPLE = 80
PER_FILE = 4


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, corpus = sys.argv[1], sys.argv[2].rstrip("/")
    run = subprocess.run(
        [binary, "check", "--select", "vague-term", "--format", "json", "--no-ignore", "--all", "--exit-zero", corpus],
        capture_output=True, text=True, check=False,
    )
    report = json.loads(run.stdout)
    by_file = defaultdict(list)
    for f in report["files"]:
        for d in f.get("diagnostics", []):
            term = d["message"].split("”")[0].lstrip("“")
            by_file[f["path"]].append((d["range"]["start"]["line"], term))
    rng = random.Random(SEED)
    pool = []
    for path in sorted(by_file):
        found = sorted(by_file[path])
        rng.shuffle(found)
        pool.extend((path, line, term) for line, term in found[:PER_FILE])
    rng.shuffle(pool)
    sample = sorted(pool[:SAMPLE])
    total = sum(len(v) for v in by_file.values())
    print(f"# {total} findings in {len(by_file)} files; {len(sample)} drawn (seed {SEED}, at most {PER_FILE} per file)")
    for path, line, term in sample:
        with open(path, encoding="utf-8") as fh:
            text = fh.read().split("\n")[line - 1].strip()
        rel = path[len(corpus) + 1:] if path.startswith(corpus + "/") else path
        print(f"{rel}\t{line}\t{term}\t{text[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
