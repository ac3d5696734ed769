// The settings mapping and server lookup the extension uses, without VS Code.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  SERVER_COMMANDS,
  editFollows,
  findOnPath,
  listRules,
  locateServer,
  nothingToDoMessage,
  parseRuleList,
} from "../server";
import {
  affectsServerSettings,
  configurationResponse,
  didChangeConfigurationParams,
  objectReader,
  serverSettings,
} from "../settings";

describe("settings for the server", () => {
  it("leaves out unset values so .mlsd.toml and defaults still apply", () => {
    const s = serverSettings(
      objectReader({
        enable: "auto",
        level: "",
        wordsPerMinute: null,
        minutes: null,
        rules: {},
        docsBaseUrl: "  ",
        recordOnSave: false,
        path: "/usr/bin/mlsd",
        "trace.server": "verbose",
      }),
    );
    assert.deepEqual(s, { enable: "auto" });
    assert.deepEqual(serverSettings(objectReader({})), {});
  });

  it("passes every server key in the server's spelling", () => {
    const s = serverSettings(
      objectReader({
        enable: "always",
        level: "L6",
        wordsPerMinute: 130,
        minutes: 45,
        rules: { "missing-diagram": "off", "vague-term": "error", blank: "" },
        docsBaseUrl: "https://example.org/rules/{rule}",
        recordOnSave: true,
      }),
    );
    assert.deepEqual(s, {
      enable: "always",
      level: "L6",
      wordsPerMinute: 130,
      minutes: 45,
      rules: { "missing-diagram": "off", "vague-term": "error" },
      docsBaseUrl: "https://example.org/rules/{rule}",
      recordOnSave: true,
    });
    assert.deepEqual(didChangeConfigurationParams(s), { settings: { mlsd: s } });
  });

  it("answers workspace/configuration for the mlsd section only", () => {
    const answer = configurationResponse(
      [{ section: "mlsd" }, { section: "editor" }, {}],
      () => ({ level: "L4" }),
    );
    assert.deepEqual(answer, [{ level: "L4" }, null, null]);
  });

  it("tells server settings from client-only ones", () => {
    assert.equal(affectsServerSettings((s) => s === "mlsd.level"), true);
    assert.equal(affectsServerSettings((s) => s === "mlsd.rules"), true);
    assert.equal(affectsServerSettings((s) => s === "mlsd.path"), false);
    assert.equal(affectsServerSettings((s) => s === "mlsd.trace.server"), false);
  });
});

describe("finding the server", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlsd-locate-"));
  const exe = path.join(dir, "mlsd");
  fs.writeFileSync(exe, "#!/bin/sh\n", { mode: 0o755 });
  const plain = path.join(dir, "not-executable");
  fs.writeFileSync(plain, "", { mode: 0o644 });

  it("uses mlsd.path when set, relative to the workspace folder", () => {
    assert.deepEqual(locateServer("mlsd", { baseDir: dir, env: { PATH: "" } }), {
      ok: true,
      path: exe,
      from: "setting",
    });
  });

  it("looks mlsd up on PATH otherwise", () => {
    assert.equal(findOnPath("mlsd", { env: { PATH: `/nonexistent:${dir}` } }), exe);
    const r = locateServer("", { env: { PATH: dir } });
    assert.deepEqual(r, { ok: true, path: exe, from: "PATH" });
  });

  it("says how to install when nothing is found", () => {
    const r = locateServer(undefined, { env: { PATH: "/nonexistent" } });
    assert.equal(r.ok, false);
    assert.match(r.ok ? "" : r.message, /cargo install --path \./);
    assert.match(r.ok ? "" : r.message, /mlsd\.path/);
    const bad = locateServer(plain, { env: { PATH: dir } });
    assert.equal(bad.ok, false, "a configured path that is not executable is an error, not a fallback");
  });

  it("reads the rule list for the quick pick", async () => {
    assert.deepEqual(parseRuleList('[{"id":"a","severity":"hint","applies":"hint; info from L4","summary":"S"}]'), [
      { id: "a", severity: "hint; info from L4", summary: "S" },
    ]);
    const bin = process.env.MLSD_BIN;
    if (bin === undefined) {
      return;
    }
    const ids = (await listRules(bin)).map((r) => r.id);
    assert.ok(ids.includes("missing-data") && ids.includes("missing-org-plan"), ids.join(", "));
  });
});

describe("answers to the document commands", () => {
  it("reads {edit} and ignores anything else", () => {
    assert.equal(editFollows({ edit: true }), true);
    assert.equal(editFollows({ edit: false }), false);
    // Older servers answered null; a malformed answer must not claim anything either.
    for (const other of [null, undefined, "x", [], {}, { edit: "no" }]) {
      assert.equal(editFollows(other), undefined, JSON.stringify(other));
    }
  });

  it("has a message for each command that did nothing, and none otherwise", () => {
    assert.equal(nothingToDoMessage(SERVER_COMMANDS.fixAll, { edit: false }), "mlsd: nothing to fix");
    assert.equal(
      nothingToDoMessage(SERVER_COMMANDS.addMissingSections, { edit: false }),
      "mlsd: the draft already has every section",
    );
    assert.match(nothingToDoMessage(SERVER_COMMANDS.insertSkeleton, { edit: false }) ?? "", /^mlsd: .*skeleton/);
    for (const answer of [{ edit: true }, null]) {
      assert.equal(nothingToDoMessage(SERVER_COMMANDS.fixAll, answer), undefined, JSON.stringify(answer));
    }
  });
});
