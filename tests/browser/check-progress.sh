#!/usr/bin/env bash
# The practice-progress page in a real browser: records three attempts in a temporary
# MLSD_DATA_DIR (the weak example, a better answer to the same question, the strong
# example), plus a hand-edited line with a hostile title, renders `mlsd progress --format
# html` in headless Chromium and checks the DOM Chromium built from it: one point on the
# overall chart per attempt, six dimension charts with one point per attempt each, no
# script anywhere, the hostile title shown as text. Saves a screenshot
# (target/browser/progress.png, a CI artifact; docs/progress.png is a copy of one).
#
#   bash tests/browser/check-progress.sh [path/to/mlsd]
#
# Needs Chromium (Debian: `apt-get install chromium`) and python3. Without Chromium it prints
# `SKIP: <reason>` and exits 0; it never says "passed" when it did not run.
# shellcheck source=tests/browser/setup.sh
source "$(dirname "$0")/setup.sh" "$@"
export MLSD_DATA_DIR="$WORK/data" MLSD_CONFIG_DIR="$WORK/config"

# 1. Three attempts: the weak example, then the strong one (the same question), then another
# question.
"$MLSD" check --record examples/weak.md > /dev/null 2>&1 || true
"$MLSD" practice examples/strong.md > /dev/null 2>&1 || true
"$MLSD" practice examples/strong-recommendation.md > /dev/null 2>&1 || true
# 2. A hand-edited line with a hostile title (the history is the user's file).
python3 - "$MLSD_DATA_DIR/history.jsonl" <<'PY'
import json, sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().splitlines()
a = json.loads(lines[-1])
a["title"] = '<script>document.title="owned"</script> "><img src=x onerror="document.title=\'owned\'">'
a["question"] = "<b>hostile</b>"
a["time"] = "2099-01-01T00:00:00Z"
open(path, "a", encoding="utf-8").write(json.dumps(a) + "\n")
PY

"$MLSD" progress --format json > "$OUT/progress.json"
"$MLSD" progress --format html --output "$OUT/progress.html"
chromium --dump-dom "file://$OUT/progress.html" > "$OUT/progress.dom.html"
chromium --window-size=1100,1300 --hide-scrollbars --screenshot="$OUT/progress.png" \
  "file://$OUT/progress.html" > /dev/null

python3 - "$OUT" <<'PY'
import json, sys
from html.parser import HTMLParser
out = sys.argv[1]
progress = json.load(open(f"{out}/progress.json"))["progress"]
attempts = progress["attempts"]

class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.points, self.dims, self.bad, self.text, self.title = 0, {}, [], "", ""
        self.dim = None
        self.in_title = False
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag in ("script", "img", "iframe", "object", "embed", "b") or any(k.startswith("on") for k, _ in attrs):
            self.bad.append(tag)
        if tag == "div" and "dim" in classes:
            self.dim = a.get("data-dimension")
            self.dims[self.dim] = 0
        if tag == "circle" and "point" in classes:
            self.points += 1
        if tag == "circle" and "dim-point" in classes and self.dim:
            self.dims[self.dim] += 1
        self.in_title = tag == "title"
    def handle_endtag(self, tag):
        self.in_title = False
    def handle_data(self, data):
        self.text += data
        if self.in_title:
            self.title += data

dom = Dom()
dom.feed(open(f"{out}/progress.dom.html", encoding="utf-8").read())
fail = []
if attempts != 4:
    fail.append(f"{attempts} attempts recorded, expected 4")
if dom.points != attempts:
    fail.append(f"{dom.points} points on the overall chart, expected one per attempt ({attempts})")
want = ["framing", "data", "modeling", "integration", "tradeoffs", "communication"]
if list(dom.dims) != want:
    fail.append(f"dimension charts {list(dom.dims)}, expected {want}")
for d, n in dom.dims.items():
    if n != attempts:
        fail.append(f"{d}: {n} points, expected {attempts}")
if dom.bad:
    fail.append(f"elements from the history: {dom.bad}")
if dom.title.strip() == "owned":
    fail.append("the hostile title's script ran")
if '<script>document.title="owned"</script>' not in dom.text:
    fail.append("the hostile title is not shown as text")
q = progress["questions"]
rising = [x for x in q if x["title"] == "Design a system to detect fraudulent product reviews"]
if not rising or len(rising[0]["attempts"]) != 2 or rising[0]["change"] <= 0:
    fail.append(f"no rising question with two attempts: {rising}")
if fail:
    print("FAIL: " + "; ".join(fail))
    sys.exit(1)
print(f"ok: {attempts} points on the overall chart, six dimension charts of {attempts} points, no script, hostile title as text")
PY

[ -s "$OUT/progress.png" ] && head -c 8 "$OUT/progress.png" | grep -q PNG \
  || { echo "FAIL: no screenshot"; exit 1; }
echo "progress page checks passed in $("$CHROMIUM" --version 2>/dev/null | head -1); screenshot: $OUT/progress.png"
