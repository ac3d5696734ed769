#!/usr/bin/env python3
"""Precision of `vague-term` on the real write-ups, from the committed verdicts.

Runs `mlsd check --select vague-term --all` over the corpus, matches every finding against
`vague-review.tsv` (path, line, term), and prints the precision of the findings that have a
verdict with its 95% Wilson interval. Findings without a verdict are listed: judge them (by
the classes in the file's header) and add them before quoting the figure.

    python3 tests/accuracy/vague_precision.py target/release/mlsd ../shared/corpus/real
"""
import json
import math
import os
import subprocess
import sys

REVIEW = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vague-review.tsv")


def wilson(right: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (0.0, 1.0)
    p = right / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (centre - half, centre + half)


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, corpus = sys.argv[1], sys.argv[2].rstrip("/")
    verdicts = {}
    with open(REVIEW, encoding="utf-8") as fh:
        for row in fh:
            if row.startswith("#") or row.startswith("path\t"):
                continue
            cols = row.rstrip("\n").split("\t")
            verdicts[(cols[0], int(cols[1]), cols[2].lower())] = cols[3]
    run = subprocess.run(
        [binary, "check", "--select", "vague-term", "--format", "json", "--no-ignore", "--all",
         "--exit-zero", corpus],
        capture_output=True, text=True, check=False,
    )
    if run.returncode != 0:
        print(run.stderr, file=sys.stderr)
        return 2
    found = []
    for f in json.loads(run.stdout)["files"]:
        rel = f["path"][len(corpus) + 1:] if f["path"].startswith(corpus + "/") else f["path"]
        for d in f.get("diagnostics", []):
            term = d["message"].split("”")[0].lstrip("“").lower()
            found.append((rel, d["range"]["start"]["line"], term))
    judged = [k for k in found if k in verdicts]
    right = sum(1 for k in judged if verdicts[k] == "right")
    lo, hi = wilson(right, len(judged))
    print(f"{len(found)} findings; {len(judged)} with a verdict: {right} right, "
          f"precision {right / max(1, len(judged)):.2f} (95% Wilson {lo:.2f}-{hi:.2f})")
    missing = [k for k in found if k not in verdicts]
    for path, line, term in missing:
        print(f"no verdict yet\t{path}\t{line}\t{term}")
    lost = [k for k, v in verdicts.items() if v == "right" and k not in set(found)]
    print(f"{len(lost)} findings judged right are no longer made")
    return 0


if __name__ == "__main__":
    sys.exit(main())
