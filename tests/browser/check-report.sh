#!/usr/bin/env bash
# The HTML report in a real browser: renders `mlsd check --format html examples/weak.md` in
# headless Chromium and checks the DOM Chromium built from it (six dimension rows, one bar
# per covered stage in the time chart, the data-share chart, no script anywhere), checks
# that a hostile draft's `<script>` and `"><img onerror=…>` stay text, and saves a
# screenshot (target/browser/weak-report.png, a CI artifact).
#
#   bash tests/browser/check-report.sh [path/to/mlsd]
#
# Needs Chromium (Debian: `apt-get install chromium`) and python3. Without Chromium it prints
# `SKIP: <reason>` and exits 0; it never says "passed" when it did not run.
# shellcheck source=tests/browser/setup.sh
source "$(dirname "$0")/setup.sh" "$@"

# 1. The weak example's report.
set +e
"$MLSD" check --format html --output "$OUT/weak-report.html" examples/weak.md
code=$?
set -e
[ "$code" = 1 ] || { echo "FAIL: mlsd check --format html exited $code (expected 1: findings)"; exit 1; }
"$MLSD" check --format json --exit-zero examples/weak.md > "$OUT/weak-report.json"

chromium --dump-dom "file://$OUT/weak-report.html" > "$OUT/weak-report.dom.html"
chromium --window-size=1200,1700 --hide-scrollbars --screenshot="$OUT/weak-report.png" \
  "file://$OUT/weak-report.html" > /dev/null

python3 - "$OUT" <<'PY'
import json, sys
from html.parser import HTMLParser

out = sys.argv[1]
report = json.load(open(f"{out}/weak-report.json"))
covered = [s["id"] for s in report["files"][0]["profile"]["stages"] if s["present"]]

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.dimension_rows, self.stage_bars, self.scripts = [], [], 0
        self.in_time_chart = False
        self.share_chart = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "script":
            self.scripts += 1
        if tag == "tr" and "dimension" in classes:
            self.dimension_rows.append(a.get("data-dimension"))
        if tag == "svg" and "time-chart" in classes:
            self.in_time_chart = True
        if tag == "svg" and "share-chart" in classes:
            self.share_chart = True
        if tag == "rect" and "stage-bar" in classes and self.in_time_chart:
            self.stage_bars.append(a.get("data-stage"))
    def handle_endtag(self, tag):
        if tag == "svg":
            self.in_time_chart = False

dom = Dom()
dom.feed(open(f"{out}/weak-report.dom.html", encoding="utf-8").read())
fail = []
want = ["framing", "data", "modeling", "integration", "tradeoffs", "communication"]
if dom.dimension_rows != want:
    fail.append(f"dimension rows {dom.dimension_rows}, expected {want}")
if dom.stage_bars != covered:
    fail.append(f"time-chart bars {dom.stage_bars}, expected one per covered stage {covered}")
if not dom.share_chart:
    fail.append("no data-share chart")
if dom.scripts:
    fail.append(f"{dom.scripts} <script> element(s) in the page")
if fail:
    print("FAIL: " + "; ".join(fail))
    sys.exit(1)
print(f"ok: six dimension rows, {len(covered)} stage bars ({', '.join(covered)}), share chart, no script")
PY

[ -s "$OUT/weak-report.png" ] && head -c 8 "$OUT/weak-report.png" | grep -q PNG \
  || { echo "FAIL: no screenshot"; exit 1; }

# 2. A hostile draft: its markup must reach the DOM as text, never as elements.
cat > "$OUT/hostile.md" <<'MD'
---
level: L5
---
# Design a <script>document.title="owned"</script> recommender

## Data

"><img src=x onerror="document.title='owned'"> We log 10M clicks a day and it is fast.
<script>alert(1)</script>
MD
"$MLSD" check --format html --exit-zero --output "$OUT/hostile.html" "$OUT/hostile.md"
chromium --dump-dom "file://$OUT/hostile.html" > "$OUT/hostile.dom.html"
python3 - "$OUT" <<'PY'
import sys
from html.parser import HTMLParser
out = sys.argv[1]
class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad, self.text, self.title = [], "", ""
        self.in_title = False
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "iframe", "object", "embed") or any(k.startswith("on") for k, _ in attrs):
            self.bad.append(tag)
        self.in_title = tag == "title"
    def handle_endtag(self, tag):
        self.in_title = False
    def handle_data(self, data):
        self.text += data
        if self.in_title:
            self.title += data
dom = Dom()
dom.feed(open(f"{out}/hostile.dom.html", encoding="utf-8").read())
fail = []
if dom.bad:
    fail.append(f"elements from the draft: {dom.bad}")
if "owned" == dom.title.strip():
    fail.append("the draft's script ran")
for shown in ['<script>alert(1)</script>', '"><img src=x onerror=']:
    if shown not in dom.text:
        fail.append(f"{shown!r} is not shown as text")
if fail:
    print("FAIL: " + "; ".join(fail))
    sys.exit(1)
print("ok: a draft's <script> and \"><img onerror=…> render as text")
PY

echo "HTML report checks passed in $("$CHROMIUM" --version 2>/dev/null | head -1); screenshot: $OUT/weak-report.png"
