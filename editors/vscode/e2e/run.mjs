// Drives the mlsd extension inside a running code-server through headless Chromium and checks,
// through the UI only, what a user sees. Started by ../e2e.sh, which installs everything,
// starts code-server and stops it; this script only talks to the page.
//
// Every expectation comes from the CLI under test at run time (`mlsd check --format json` on
// the same text), so the test follows the rules as they change. Every wait has a timeout
// and says what it was waiting for. Screenshots: E2E_OUT/NN-<step>.png.
//
// Environment: E2E_URL (the workbench, ?folder=E2E_WS), E2E_WS (the workspace folder, holding
// weak.md), E2E_OUT (screenshots and logs), E2E_UD (code-server's user-data-dir), E2E_BIN (the
// mlsd binary the extension was told to use).

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { clearTimeout, setTimeout } from "node:timers";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium } from "playwright-core";

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    throw new Error(`${name} is not set (run this through editors/vscode/e2e.sh)`);
  }
  return v;
};
const URL_ = env("E2E_URL");
const WS = env("E2E_WS");
const OUT = env("E2E_OUT");
const BIN = env("E2E_BIN");
const WEAK = path.join(WS, "weak.md");
const NEW = path.join(WS, "new-answer.md");
/** The whole driver, from launch to close; e2e.sh also stops it after 240 s. */
const DEADLINE_MS = 170_000;
/** "editing the draft updates the Problems panel within 2 s" (issue 18). */
const LIVE_UPDATE_MS = 2_000;

const t0 = Date.now();
const logFile = fs.createWriteStream(path.join(OUT, "driver.log"));
function log(msg) {
  const line = `[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${msg}`;
  console.log(line);
  logFile.write(line + "\n");
}

// ---------------------------------------------------------------------------------------
// What the CLI says about a text: the expectations.

const rulesJson = run(BIN, ["rule", "--all", "--format", "json"]);
const kindsOf = new Map(JSON.parse(rulesJson.stdout).map((r) => [r.id, r.kinds ?? []]));

function run(cmd, args, ok = [0]) {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 30_000 });
  if (r.error || !ok.includes(r.status)) {
    throw new Error(`${cmd} ${args.join(" ")}: exit ${r.status} ${r.error ?? ""}\n${r.stderr}`);
  }
  return r;
}

/** `mlsd check --format json` on `text`, saved under the same name outside the workspace. */
function cliCheck(text, name) {
  const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "cli-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  const r = run(BIN, ["check", "--format", "json", file], [0, 1]);
  fs.rmSync(dir, { recursive: true, force: true });
  const all = JSON.parse(r.stdout).files.flatMap((f) => f.diagnostics);
  // VS Code's Problems panel never lists hints: the count it shows lies between the
  // findings that are not hints and all of them.
  const shown = all.filter((d) => d.severity !== "hint");
  return { all, shown, lo: shown.length, hi: all.length };
}

/** `text` with `insert` at 1-based line and column (the CLI's positions). */
function insertAt(text, line, column, insert) {
  const lines = text.split("\n");
  const l = lines[line - 1];
  lines[line - 1] = l.slice(0, column - 1) + insert + l.slice(column - 1);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------
// The page.

let browser;
let page;
let shot = 0;

/** A screenshot of the page, or of the editor and the panel only when `crop` is set. */
async function screenshot(name, crop = false) {
  shot += 1;
  const file = path.join(OUT, `${String(shot).padStart(2, "0")}-${name}.png`);
  let clip;
  if (crop) {
    const boxes = await Promise.all([".part.editor", ".part.panel"].map((s) => page.locator(s).first().boundingBox()));
    const [x, y] = [Math.min(...boxes.map((b) => b.x)), Math.min(...boxes.map((b) => b.y))];
    const right = Math.max(...boxes.map((b) => b.x + b.width));
    const bottom = Math.max(...boxes.map((b) => b.y + b.height));
    clip = { x, y, width: right - x, height: bottom - y };
  }
  await page.screenshot({ path: file, clip, timeout: 10_000 });
  log(`screenshot ${file}`);
  return file;
}

/** Polls `probe` until it returns a truthy value; fails with `what` after `ms`. */
async function waitFor(what, probe, ms = 15_000, every = 50) {
  const start = Date.now();
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) {
        return last;
      }
    } catch (e) {
      last = e instanceof Error ? e.message.split("\n")[0] : String(e);
    }
    if (Date.now() - start > ms) {
      throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    }
    await sleep(every);
  }
}

async function visible(selector, what, ms = 15_000) {
  await page.locator(selector).first().waitFor({ state: "visible", timeout: ms }).catch((e) => {
    throw new Error(`timed out after ${ms} ms waiting for ${what} (${selector}): ${e.message.split("\n")[0]}`);
  });
  return page.locator(selector).first();
}

async function quickInput(prefixKey, text, rowText, what, closes = true) {
  await page.keyboard.press(prefixKey);
  await visible(".quick-input-widget .quick-input-box input", `the quick input for ${what}`);
  await page.keyboard.type(text);
  const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: rowText }).first();
  await row.waitFor({ state: "visible", timeout: 15_000 }).catch(() => {
    throw new Error(`timed out waiting for "${rowText}" in the quick input (${what})`);
  });
  await row.click();
  if (closes) {
    await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 5_000 });
  }
}

async function openFile(name) {
  await quickInput("Control+P", name, name, `opening ${name}`);
  await waitFor(
    `the editor tab of ${name}`,
    async () => (await page.locator(".tab.active").first().getAttribute("aria-label"))?.includes(name),
  );
  await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
}

async function goTo(line, column) {
  await page.keyboard.press("Control+G");
  await visible(".quick-input-widget .quick-input-box input", "the Go to Line input");
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden", timeout: 5_000 });
}

async function save(file, expected, what) {
  await page.keyboard.press("Control+S");
  return waitFor(
    `${path.basename(file)} saved ${what}`,
    async () => {
      const now = fs.readFileSync(file, "utf8");
      return expected(now) ? now : false;
    },
    5_000,
  );
}

/** The Problems panel's count for weak.md (the badge on its row). */
async function problemsCount() {
  const badge = page
    .locator(".markers-panel .monaco-list-row", { hasText: "weak.md" })
    .first()
    .locator(".monaco-count-badge");
  if ((await badge.count()) === 0) {
    return undefined;
  }
  const n = Number((await badge.textContent())?.trim());
  return Number.isFinite(n) ? n : undefined;
}

async function setProblemsFilter(text) {
  const input = page.locator(".markers-panel-container .viewpane-filter input, .pane-header .viewpane-filter input, .viewpane-filter input").first();
  await input.waitFor({ state: "visible", timeout: 10_000 });
  await input.click();
  await input.fill(text);
  // The filter applies after a short debounce.
  await sleep(600);
}

async function problemCodes() {
  return page.locator(".markers-panel .monaco-list-row .marker-code").allTextContents();
}

/** The process ids of `BIN server`, as the extension started it. */
function serverPids() {
  const r = spawnSync("ps", ["-e", "-o", "pid=,args="], { encoding: "utf8" });
  return r.stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.endsWith(`${BIN} server`))
    .map((l) => Number(l.split(/\s+/)[0]));
}

async function outputText() {
  return (await page.locator(".part.panel .monaco-editor .view-lines").first().innerText()).replace(/\u00a0/g, " ");
}

// ---------------------------------------------------------------------------------------
// The steps.

const results = [];
async function step(name, fn) {
  const start = Date.now();
  log(`-- ${name}`);
  await fn();
  results.push([name, Date.now() - start]);
  log(`ok ${name} (${Date.now() - start} ms)`);
}

async function main() {
  const weakText = fs.readFileSync(WEAK, "utf8");
  const cli = cliCheck(weakText, "weak.md");
  const vague = cli.shown.filter((d) => d.rule === "vague-term" && d.fixes.length > 0);
  const docLevel = cli.shown.find((d) => (kindsOf.get(d.rule) ?? []).includes("missing-stage"));
  if (vague.length < 2 || docLevel === undefined) {
    throw new Error(`the CLI reports ${vague.length} vague-term findings with a fix and ${docLevel ? "a" : "no"} missing-stage finding in weak.md; the test needs two and one`);
  }
  log(`CLI on weak.md: ${cli.all.length} findings, ${cli.lo} of them not hints; Problems must show ${cli.lo}..${cli.hi}`);
  const ruleText = run(BIN, ["rule", "vague-term"]).stdout.split("\n");
  // `mlsd rule` prints "# id", a blank line, then the summary: the hover shows the same text.
  const summary = ruleText.find((l, i) => i > 0 && l.trim() !== "")?.trim();

  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    timeout: 30_000,
    args: [
      "--no-sandbox",
      "--disable-dev-shm-usage",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const consoleLog = fs.createWriteStream(path.join(OUT, "browser-console.log"));
  page.on("console", (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on("pageerror", (e) => consoleLog.write(`[pageerror] ${e.message}\n`));

  await step("workbench loads", async () => {
    await page.goto(URL_, { timeout: 30_000 });
    await visible(".monaco-workbench", "the workbench", 30_000);
    await visible(".explorer-folders-view .monaco-list-row", "the explorer listing the workspace", 30_000);
    await screenshot("workbench");
  });

  await step("weak.md shows mlsd findings in the editor and the Problems panel", async () => {
    await openFile("weak.md");
    await visible(".editor-instance .squiggly-warning", "mlsd's warning squiggles in weak.md", 30_000);
    await page.keyboard.press("Control+Shift+M");
    await visible(".markers-panel", "the Problems panel");
    const n = await waitFor(
      `the Problems count of weak.md to settle within ${cli.lo}..${cli.hi}`,
      async () => {
        const c = await problemsCount();
        return c !== undefined && c >= cli.lo && c <= cli.hi ? c : false;
      },
      20_000,
    );
    log(`Problems panel: weak.md ${n} (CLI ${cli.lo}..${cli.hi})`);
    await screenshot("problems");
    for (const [rule, label] of [["vague-term", "vague-term"], [docLevel.rule, "document-level"]]) {
      await setProblemsFilter(rule);
      const codes = await waitFor(`a ${label} row (${rule}) in the Problems panel`, async () => {
        const c = await problemCodes();
        return c.includes(rule) ? c : false;
      }, 5_000);
      log(`filter "${rule}": ${codes.filter((c) => c === rule).length} row(s) with code ${rule}`);
      const src = await page.locator(".markers-panel .monaco-list-row .marker-source").first().textContent();
      if (!src?.includes("mlsd")) {
        throw new Error(`the ${rule} row's source is ${JSON.stringify(src)}, not mlsd`);
      }
      await screenshot(`problems-${rule}`);
    }
    await setProblemsFilter("");
  });

  const fixed = vague[0];
  await step(`hovering "${weakText.split("\n")[fixed.range.start.line - 1].slice(fixed.range.start.column - 1, fixed.range.end.column - 1)}" shows the rule's explanation`, async () => {
    await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
    await goTo(fixed.range.start.line, fixed.range.start.column + 1);
    const cursor = await page.locator(".editor-instance .monaco-editor .cursor").first().boundingBox();
    if (cursor === null) {
      throw new Error("no editor cursor to hover at");
    }
    await page.mouse.move(cursor.x + 4, cursor.y + cursor.height / 2);
    const hover = await waitFor(
      `a hover with "${summary}"`,
      async () => {
        const h = page.locator(".monaco-hover:visible .hover-contents");
        const text = (await h.allInnerTexts()).join("\n");
        return text.includes(summary) ? text : false;
      },
      10_000,
    );
    log(`hover: ${hover.length} characters, starts ${JSON.stringify(hover.slice(0, 120))}`);
    await screenshot("hover");
    await page.mouse.move(5, 5);
    await page.keyboard.press("Escape");
  });

  let afterFix;
  await step(`the quick fix "${fixed.fixes[0].title}" changes the line`, async () => {
    const fix = fixed.fixes[0];
    await goTo(fixed.range.start.line, fixed.range.start.column + 1);
    await page.keyboard.press("Control+.");
    const row = page.locator(".action-widget .monaco-list-row", { hasText: fix.title }).first();
    await row.waitFor({ state: "visible", timeout: 10_000 }).catch(() => {
      throw new Error(`timed out waiting for "${fix.title}" in the quick-fix menu`);
    });
    await screenshot("quick-fix-menu");
    // editors/vscode/docs/screenshot.png is this one (made smaller with pngquant).
    await screenshot("quick-fix-menu-editor", true);
    const before = weakText.split("\n")[fixed.range.start.line - 1];
    const edit = fix.edits[0];
    const want = insertAt(weakText, edit.range.start.line, edit.range.start.column, edit.new_text);
    // The menu lays a pointer block over the page until the mouse moves: use the keys.
    await waitFor(`"${fix.title}" focused in the quick-fix menu`, async () => {
      const focused = await page.locator(".action-widget .monaco-list-row.focused").first().getAttribute("aria-label");
      if (focused === fix.title) {
        return true;
      }
      await page.keyboard.press("ArrowDown");
      return false;
    }, 5_000, 100);
    await page.keyboard.press("Enter");
    await page.locator(".action-widget").waitFor({ state: "hidden", timeout: 5_000 });
    await page.keyboard.press("Escape");
    afterFix = await save(WEAK, (t) => t !== weakText, "with the fix");
    const line = afterFix.split("\n")[fixed.range.start.line - 1];
    log(`line ${fixed.range.start.line} before: ${before}`);
    log(`line ${fixed.range.start.line} after:  ${line}`);
    if (afterFix !== want) {
      throw new Error(`the fix gave ${JSON.stringify(line)}; the CLI's edit gives ${JSON.stringify(want.split("\n")[fixed.range.start.line - 1])}`);
    }
    await screenshot("quick-fix-applied");
  });

  await step("a code lens titled Score… on the title line, when the server has one", async () => {
    // The server's own lenses (stage coverage, time per stage) show that lenses render at all.
    const lenses = await waitFor("any code lens in weak.md", async () => {
      const l = await page.locator(".editor-instance .codelens-decoration").allTextContents();
      return l.length > 0 ? l : false;
    }, 5_000).catch((e) => {
      log(`no code lens at all: ${e.message}`);
      return [];
    });
    log(`code lenses: ${JSON.stringify(lenses.slice(0, 6))}${lenses.length > 6 ? " …" : ""}`);
    if (lenses.some((l) => l.trim().startsWith("Score"))) {
      await screenshot("score-lens");
    } else {
      log("no Score code lens (the scorecard is not in this server yet): nothing to check");
    }
  });

  await step(`fixing a finding by typing updates the Problems panel within ${LIVE_UPDATE_MS} ms`, async () => {
    const target = vague[vague.length - 1];
    const insert = " (every 7 days)";
    const want = insertAt(afterFix, target.range.end.line, target.range.end.column, insert);
    const before = cliCheck(afterFix, "weak.md");
    const after = cliCheck(want, "weak.md");
    const vagueBefore = before.shown.filter((d) => d.rule === "vague-term").length;
    const vagueAfter = after.shown.filter((d) => d.rule === "vague-term").length;
    if (vagueAfter !== vagueBefore - 1) {
      throw new Error(`the CLI does not count one vague-term less after the edit (${vagueBefore} -> ${vagueAfter})`);
    }
    await setProblemsFilter("vague-term");
    await waitFor(`${vagueBefore} vague-term rows before the edit`, async () =>
      (await problemCodes()).filter((c) => c === "vague-term").length === vagueBefore, 5_000);
    await goTo(target.range.end.line, target.range.end.column);
    await page.keyboard.type(insert);
    const typed = Date.now();
    await waitFor(
      `the Problems panel to list ${vagueAfter} vague-term rows within ${LIVE_UPDATE_MS} ms of the edit`,
      async () => (await problemCodes()).filter((c) => c === "vague-term").length === vagueAfter,
      LIVE_UPDATE_MS,
      20,
    );
    log(`Problems panel updated ${Date.now() - typed} ms after the last keystroke (${vagueBefore} -> ${vagueAfter} vague-term rows)`);
    await screenshot("live-update");
    await setProblemsFilter("");
    await waitFor(`the Problems count of weak.md within ${after.lo}..${after.hi}`, async () => {
      const c = await problemsCount();
      return c !== undefined && c >= after.lo && c <= after.hi;
    }, 5_000);
    await save(WEAK, (t) => t === want, "with the typed number");
  });

  await step("the skeleton completion in a new .md file inserts the stage headings", async () => {
    // A new empty file, as another program would create it: the explorer lists it once the
    // file watcher has seen it; open it from there.
    fs.writeFileSync(NEW, "");
    const row = page.locator(".explorer-folders-view .monaco-list-row", { hasText: path.basename(NEW) }).first();
    await row.waitFor({ state: "visible", timeout: 10_000 }).catch(() => {
      throw new Error(`timed out waiting for ${path.basename(NEW)} in the explorer`);
    });
    await row.click();
    await waitFor(`the editor tab of ${path.basename(NEW)}`, async () =>
      (await page.locator(".tab.active").first().getAttribute("aria-label"))?.includes(path.basename(NEW)));
    await page.locator(".editor-instance .monaco-editor .view-lines").first().click();
    await page.keyboard.type("skeleton");
    await page.keyboard.press("Control+Space");
    const item = page.locator(".suggest-widget .monaco-list-row", { hasText: "ML system design skeleton" }).first();
    await item.waitFor({ state: "visible", timeout: 10_000 }).catch(() => {
      throw new Error('timed out waiting for "ML system design skeleton" in the completion list');
    });
    const label = (await page.locator(".suggest-widget .monaco-list-row.focused").first().innerText()).split("\n")[0];
    const type = /\((\w+)\)/.exec(label)?.[1];
    log(`completion offers ${await page.locator(".suggest-widget .monaco-list-row", { hasText: "ML system design skeleton" }).count()} skeletons; focused: ${label}`);
    if (!label.includes("ML system design skeleton") || type === undefined) {
      throw new Error(`the focused completion is ${JSON.stringify(label)}, not a skeleton`);
    }
    await screenshot("skeleton-completion");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    const headings = run(BIN, ["new", "--type", type]).stdout.split("\n").filter((l) => l.startsWith("## "));
    const text = await save(NEW, (t) => t.includes("## "), "with the skeleton");
    const got = text.split("\n").filter((l) => l.startsWith("## "));
    log(`skeleton (${type}): ${got.length} stage headings: ${got.map((h) => h.slice(3)).join(" | ")}`);
    if (JSON.stringify(got) !== JSON.stringify(headings)) {
      throw new Error(`the inserted headings ${JSON.stringify(got)} are not \`mlsd new --type ${type}\`'s ${JSON.stringify(headings)}`);
    }
    await screenshot("skeleton-inserted");
  });

  await step("the mlsd output channel says the server started; Restart server restarts it", async () => {
    await quickInput("F1", "Output: Show Output Channels", "Output: Show Output Channels", "the output channel list", false);
    await sleep(300);
    await visible(".quick-input-widget .monaco-list-row", "the list of output channels");
    await page.keyboard.type("mlsd");
    await waitFor('the "mlsd" output channel focused in the list', async () =>
      (await page.locator(".quick-input-widget .monaco-list-row.focused .label-name").first().textContent())?.trim() === "mlsd",
    10_000);
    await page.keyboard.press("Enter");
    const started = `[client] starting ${BIN} server`;
    await waitFor(`"${started}" in the mlsd output channel`, async () => (await outputText()).includes(started), 10_000);
    const pidsBefore = serverPids();
    log(`output channel shows "${started}"; server pid(s) ${pidsBefore.join(", ")}`);
    if (pidsBefore.length !== 1) {
      throw new Error(`expected one running "${BIN} server", found ${pidsBefore.length}`);
    }
    await screenshot("output-channel");
    await quickInput("F1", "mlsd: Restart server", "mlsd: Restart server", "the restart command");
    const pidsAfter = await waitFor(
      "a new server process after the restart (the old one gone)",
      async () => {
        const p = serverPids();
        return p.length === 1 && p[0] !== pidsBefore[0] ? p : false;
      },
      15_000,
    );
    await waitFor(
      "a second start in the mlsd output channel",
      async () => (await outputText()).split(started).length - 1 >= 2,
      10_000,
    );
    log(`restarted: server pid ${pidsBefore[0]} -> ${pidsAfter[0]}`);
    await screenshot("restarted");
  });

  await step("after the restart, the new server answers: a new vague claim shows up", async () => {
    const current = fs.readFileSync(WEAK, "utf8");
    const lines = current.split("\n");
    const last = lines.length - (lines[lines.length - 1] === "" ? 1 : 0);
    const insert = " It must also be fast.";
    const want = insertAt(current, last, lines[last - 1].length + 1, insert);
    const expect = cliCheck(want, "weak.md");
    const base = cliCheck(current, "weak.md");
    const vagueNow = base.shown.filter((d) => d.rule === "vague-term").length;
    const vagueThen = expect.shown.filter((d) => d.rule === "vague-term").length;
    if (vagueThen <= vagueNow) {
      throw new Error(`the CLI finds no new vague-term in "${insert.trim()}" (${vagueNow} -> ${vagueThen})`);
    }
    await openFile("weak.md");
    await page.keyboard.press("Control+Shift+M");
    await setProblemsFilter("vague-term");
    await goTo(last, lines[last - 1].length + 1);
    await page.keyboard.type(insert);
    await waitFor(
      `${vagueThen} vague-term rows (CLI) after adding "${insert.trim()}"`,
      async () => (await problemCodes()).filter((c) => c === "vague-term").length === vagueThen,
      10_000,
    );
    log(`vague-term rows ${vagueNow} -> ${vagueThen} after the restart`);
    await screenshot("after-restart");
    await setProblemsFilter("");
    await save(WEAK, (t) => t === want, "with the new sentence");
  });
}

const timer = setTimeout(() => {
  log(`FAIL: the driver ran over ${DEADLINE_MS / 1000} s`);
  void finish(1);
}, DEADLINE_MS);

let finishing = false;
async function finish(code) {
  if (finishing) {
    return;
  }
  finishing = true;
  clearTimeout(timer);
  if (code !== 0 && page !== undefined) {
    await screenshot("failure").catch(() => undefined);
  }
  await browser?.close().catch(() => undefined);
  log(`steps: ${results.map(([n, ms]) => `${(ms / 1000).toFixed(1)} s ${n}`).join("; ")}`);
  logFile.end();
  process.exit(code);
}

for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]]) {
  process.on(signal, () => {
    log(`FAIL: stopped by ${signal}`);
    void finish(code);
  });
}

main().then(
  () => {
    log(`all ${results.length} steps done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return finish(0);
  },
  (e) => {
    log(`FAIL: ${e instanceof Error ? e.message : String(e)}`);
    return finish(1);
  },
);
