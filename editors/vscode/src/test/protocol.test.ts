// "VS Code client protocol": drives the real `mlsd server` through vscode-jsonrpc and
// vscode-languageserver-protocol (the libraries vscode-languageclient is built on), with the
// initialization options, configuration answers and change notifications the extension
// produces (the same functions from ../settings and ../server).
//
// The server binary comes from MLSD_BIN (default: `mlsd` on PATH).

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from "vscode-jsonrpc/node";
import {
  ApplyWorkspaceEditRequest,
  CodeActionRequest,
  CodeActionResolveRequest,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowMessageNotification,
  ShutdownRequest,
  type ApplyWorkspaceEditParams,
  type ApplyWorkspaceEditResult,
  type ClientCapabilities,
  type CodeAction,
  type ConfigurationParams,
  type Diagnostic,
  type InitializeResult,
  type TextEdit,
} from "vscode-languageserver-protocol";
import { SERVER_ARGS, SERVER_COMMANDS, nothingToDoMessage } from "../server";
import {
  configurationResponse,
  didChangeConfigurationParams,
  objectReader,
  serverSettings,
} from "../settings";

const BIN = process.env.MLSD_BIN ?? "mlsd";
const WAIT_MS = Number(process.env.MLSD_TEST_WAIT_MS ?? 15_000);
const REPO = path.resolve(__dirname, "..", "..", "..", "..");
const WEAK = path.join(REPO, "examples", "weak.md");

/**
 * What VS Code 1.82 with vscode-languageclient 9 announces, as far as the server reads it
 * (src/server/state.rs): UTF-16 positions, configuration pull, dynamic watchers, versioned
 * document changes, diagnostic data, code action resolve, refresh requests.
 */
const CAPABILITIES: ClientCapabilities = {
  general: { positionEncodings: ["utf-16"] },
  workspace: {
    applyEdit: true,
    workspaceEdit: {
      documentChanges: true,
      resourceOperations: ["create", "rename", "delete"],
      failureHandling: "textOnlyTransactional",
      normalizesLineEndings: true,
    },
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
    executeCommand: { dynamicRegistration: true },
    configuration: true,
    workspaceFolders: true,
    codeLens: { refreshSupport: true },
    inlayHint: { refreshSupport: true },
    diagnostics: { refreshSupport: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, willSave: true, willSaveWaitUntil: true, didSave: true },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: false,
      tagSupport: { valueSet: [1, 2] },
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: {
        snippetSupport: true,
        commitCharactersSupport: true,
        documentationFormat: ["markdown", "plaintext"],
        insertReplaceSupport: true,
      },
    },
    hover: { dynamicRegistration: true, contentFormat: ["markdown", "plaintext"] },
    codeAction: {
      dynamicRegistration: true,
      isPreferredSupport: true,
      disabledSupport: true,
      dataSupport: true,
      resolveSupport: { properties: ["edit"] },
      codeActionLiteralSupport: {
        codeActionKind: {
          valueSet: ["", "quickfix", "refactor", "refactor.extract", "refactor.inline", "refactor.rewrite", "source", "source.organizeImports"],
        },
      },
      honorsChangeAnnotations: false,
    },
    documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true },
    codeLens: { dynamicRegistration: true },
    inlayHint: { dynamicRegistration: true },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
};

interface Doc {
  uri: string;
  languageId: string;
  version: number;
  text: string;
}

interface Published {
  seq: number;
  uri: string;
  version: number | undefined;
  diagnostics: Diagnostic[];
}

function offsetAt(text: string, pos: { line: number; character: number }): number {
  let at = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf("\n", at);
    if (nl < 0) {
      return text.length;
    }
    at = nl + 1;
  }
  return Math.min(at + pos.character, text.length);
}

/**
 * Edits of one document, last first: applied in this order (and sent in this order as
 * incremental changes), each range is still valid when its turn comes, as in VS Code.
 */
function lastFirst(edits: TextEdit[], text: string): TextEdit[] {
  return edits
    .map((e, i) => ({ e, i, at: offsetAt(text, e.range.start) }))
    .sort((a, b) => b.at - a.at || b.i - a.i)
    .map((x) => x.e);
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of lastFirst(edits, text)) {
    out = out.slice(0, offsetAt(out, e.range.start)) + e.newText + out.slice(offsetAt(out, e.range.end));
  }
  return out;
}

function rules(ds: Diagnostic[]): string[] {
  return [...new Set(ds.map((d) => String(d.code)))].sort();
}

/** A minimal editor: documents, a settings store, and every server request answered. */
class Client {
  readonly conn: MessageConnection;
  readonly docs = new Map<string, Doc>();
  readonly publishes: Published[] = [];
  readonly logs: string[] = [];
  readonly shown: string[] = [];
  readonly requests: string[] = [];
  readonly configurationRequests: ConfigurationParams[] = [];
  readonly appliedEdits: ApplyWorkspaceEditParams[] = [];
  /** The `mlsd.*` settings as VS Code would hold them (keys without the prefix). */
  settings: Record<string, unknown>;
  private seq = 0;
  private readonly listeners = new Set<() => void>();
  /** The tail of the server's stderr. */
  stderr = "";

  constructor(
    readonly proc: ChildProcess,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    proc.stderr?.on("data", (b: Buffer) => {
      this.stderr = (this.stderr + b.toString()).slice(-4000);
    });
    this.conn = createMessageConnection(
      new StreamMessageReader(proc.stdout!),
      new StreamMessageWriter(proc.stdin!),
    );
    const c = this.conn;
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.publishes.push({ seq: ++this.seq, uri: p.uri, version: p.version, diagnostics: p.diagnostics });
      this.notify();
    });
    c.onNotification(LogMessageNotification.type, (p) => {
      this.logs.push(p.message);
      this.notify();
    });
    c.onNotification(ShowMessageNotification.type, (p) => {
      this.shown.push(p.message);
      this.notify();
    });
    // What the extension's configuration middleware answers.
    c.onRequest(ConfigurationRequest.type, (p) => {
      this.requests.push(ConfigurationRequest.method);
      this.configurationRequests.push(p);
      this.notify();
      return configurationResponse(p.items, () => this.serverSettings());
    });
    c.onRequest(ApplyWorkspaceEditRequest.type, (p) => this.applyWorkspaceEdit(p));
    c.onRequest(RegistrationRequest.type, () => {
      this.requests.push(RegistrationRequest.method);
      return null;
    });
    // Anything else (refresh requests, progress, unregistration): answered, recorded.
    c.onRequest((method) => {
      this.requests.push(method);
      this.notify();
      return null;
    });
    c.onNotification(() => undefined);
    c.onError(([e]) => this.logs.push(`connection error: ${e.message}`));
    c.listen();
  }

  serverSettings() {
    return serverSettings(objectReader(this.settings));
  }

  private notify(): void {
    for (const l of [...this.listeners]) {
      l();
    }
  }

  /** Context for failure messages: the server's last log lines and stderr. */
  context(): string {
    return `\n--- server log (last 15) ---\n${this.logs.slice(-15).join("\n")}\n--- stderr (tail) ---\n${this.stderr}`;
  }

  /** Resolves with the first non-undefined `check()`, re-checked after every message. */
  waitFor<T>(label: string, check: () => T | undefined, ms = WAIT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        this.proc.off("exit", onExit);
      };
      const listener = (): void => {
        let v: T | undefined;
        try {
          v = check();
        } catch (e) {
          done();
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        if (v !== undefined) {
          done();
          resolve(v);
        }
      };
      const onExit = (code: number | null): void => {
        done();
        reject(new Error(`server exited (code ${code}) while waiting for ${label}${this.context()}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${ms} ms waiting for ${label}${this.context()}`));
      }, ms);
      this.listeners.add(listener);
      this.proc.on("exit", onExit);
      listener();
    });
  }

  /** A request with a timeout, so a server that never answers fails the test. */
  async request<R>(label: string, p: Promise<R>, ms = WAIT_MS): Promise<R> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no response to ${label} within ${ms} ms${this.context()}`)),
        ms,
      );
    });
    try {
      return await Promise.race([p, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  lastSeq(): number {
    return this.seq;
  }

  /** The first publication for `uri` after `afterSeq` that satisfies `ok`. */
  diagnostics(
    label: string,
    uri: string,
    ok: (p: Published) => boolean,
    afterSeq = 0,
  ): Promise<Published> {
    return this.waitFor(`diagnostics: ${label}`, () =>
      this.publishes.find((p) => p.seq > afterSeq && p.uri === uri && ok(p)),
    );
  }

  async open(uri: string, text: string, languageId = "markdown"): Promise<void> {
    this.docs.set(uri, { uri, languageId, version: 1, text });
    await this.conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Applies edits to the local copy and sends them as incremental changes. */
  async edit(uri: string, edits: TextEdit[]): Promise<Doc> {
    const doc = this.docs.get(uri);
    assert.ok(doc, `edit of a document that is not open: ${uri}`);
    const ordered = lastFirst(edits, doc.text);
    doc.text = applyEdits(doc.text, edits);
    doc.version += 1;
    await this.conn.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: doc.version },
      contentChanges: ordered.map((e) => ({ range: e.range, text: e.newText })),
    });
    return doc;
  }

  /** What VS Code does with `workspace/applyEdit`: check versions, apply, sync, answer. */
  private async applyWorkspaceEdit(p: ApplyWorkspaceEditParams): Promise<ApplyWorkspaceEditResult> {
    this.requests.push(ApplyWorkspaceEditRequest.method);
    const perDoc: { uri: string; version: number | null; edits: TextEdit[] }[] = [];
    for (const change of p.edit.documentChanges ?? []) {
      if (!("textDocument" in change)) {
        return { applied: false, failureReason: `unexpected resource operation ${change.kind}` };
      }
      const edits = change.edits.map((e) => ({ range: e.range, newText: e.newText }));
      perDoc.push({ uri: change.textDocument.uri, version: change.textDocument.version, edits });
    }
    for (const [uri, edits] of Object.entries(p.edit.changes ?? {})) {
      perDoc.push({ uri, version: null, edits });
    }
    for (const d of perDoc) {
      const doc = this.docs.get(d.uri);
      if (doc === undefined) {
        return { applied: false, failureReason: `unknown document ${d.uri}` };
      }
      if (d.version !== null && d.version !== doc.version) {
        return { applied: false, failureReason: `version ${d.version} != ${doc.version}` };
      }
    }
    for (const d of perDoc) {
      await this.edit(d.uri, d.edits);
    }
    this.appliedEdits.push(p);
    this.notify();
    return { applied: true };
  }

  /** The server's copy of a document (`mlsd/documentText`). */
  async serverText(uri: string): Promise<{ version: number; text: string } | null> {
    return this.request(
      "mlsd/documentText",
      this.conn.sendRequest<{ version: number; text: string } | null>("mlsd/documentText", {
        textDocument: { uri },
      }),
    );
  }
}

describe("VS Code client protocol", { timeout: 120_000 }, () => {
  let proc: ChildProcess | undefined;
  let client: Client;
  let init: InitializeResult;
  let exitCode: number | null | undefined;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "mlsd-vscode-"));
  const answerUri = pathToFileURL(path.join(workspace, "answer.md")).toString();
  const emptyUri = "untitled:Untitled-1";

  // The weak example, with its front matter's `level` taken out so the editor setting
  // decides the level (front matter outranks editor settings); `type` and `question` stay,
  // so the default `enable: "auto"` still sees a draft.
  const weak = fs.readFileSync(WEAK, "utf8").replace(/^level:.*\r?\n/m, "");

  before(async () => {
    assert.ok(/^type:/m.test(weak), `${WEAK} should have front matter with a type`);
    // The practice history and user config live in the test's folder, never the user's.
    const env = {
      ...process.env,
      MLSD_DATA_DIR: path.join(workspace, "mlsd-data"),
      MLSD_CONFIG_DIR: path.join(workspace, "mlsd-config"),
    };
    const p = spawn(BIN, SERVER_ARGS, { stdio: ["pipe", "pipe", "pipe"], env });
    proc = p;
    const spawned = new Promise<void>((resolve, reject) => {
      p.once("spawn", resolve);
      p.once("error", (e) =>
        reject(new Error(`cannot start "${BIN} server" (${e.message}); set MLSD_BIN to the mlsd binary`)),
      );
    });
    await spawned;
    p.on("exit", (code) => {
      exitCode = code;
    });
    client = new Client(p, {
      // As VS Code would hold them: unset values are empty or null and must not be sent.
      enable: "auto",
      level: "L3",
      wordsPerMinute: null,
      minutes: null,
      rules: { "missing-diagram": "off", "vague-term": "error" },
      docsBaseUrl: "",
      path: "",
      "trace.server": "off",
    });
  });

  after(() => {
    client?.conn.dispose();
    if (proc !== undefined && exitCode === undefined) {
      proc.kill("SIGKILL");
    }
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("initializes with the extension's options and pulls the same settings", async () => {
    const options = client.serverSettings();
    assert.deepEqual(options, {
      enable: "auto",
      level: "L3",
      rules: { "missing-diagram": "off", "vague-term": "error" },
    });
    init = await client.request(
      "initialize",
      client.conn.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        clientInfo: { name: "Visual Studio Code", version: "1.82.0" },
        locale: "en",
        rootUri: pathToFileURL(workspace).toString(),
        workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: "answers" }],
        capabilities: CAPABILITIES,
        initializationOptions: options,
        trace: "off",
      }),
    );
    assert.equal(init.serverInfo?.name, "mlsd");
    assert.equal(init.capabilities.positionEncoding ?? "utf-16", "utf-16");
    const commands = init.capabilities.executeCommandProvider?.commands ?? [];
    for (const cmd of Object.values(SERVER_COMMANDS)) {
      assert.ok(commands.includes(cmd), `server does not advertise ${cmd}: ${commands.join(", ")}`);
    }
    // The extension never asks for pull diagnostics, so the server must only push: a pull
    // provider next to the pushes would put every finding in VS Code's list twice.
    assert.equal(
      init.capabilities.diagnosticProvider,
      undefined,
      "diagnosticProvider is advertised although the options did not ask for pull diagnostics",
    );
    await client.conn.sendNotification(InitializedNotification.type, {});
    const pulled = await client.waitFor("workspace/configuration after initialized", () =>
      client.configurationRequests[0],
    );
    assert.deepEqual(
      pulled.items.map((i) => i.section),
      ["mlsd"],
    );
    await client.waitFor("the server's ready message", () =>
      client.logs.find((l) => l.includes("ready")),
    );
  });

  it("publishes diagnostics for the weak draft at L3, with rule overrides applied", async () => {
    await client.open(answerUri, weak);
    const pub = await client.diagnostics("answer.md v1", answerUri, (p) => p.version === 1);
    const ids = rules(pub.diagnostics);
    for (const id of ["missing-data", "vague-term", "missing-features", "missing-monitoring"]) {
      assert.ok(ids.includes(id), `expected ${id} in ${ids.join(", ")}`);
    }
    assert.ok(!ids.includes("missing-diagram"), "rules: missing-diagram is off");
    assert.ok(!ids.includes("missing-org-plan"), "missing-org-plan applies only at L6");
    assert.ok(!ids.includes("missing-evolution"), "missing-evolution applies only from L5");
    for (const d of pub.diagnostics.filter((d) => d.code === "vague-term")) {
      assert.equal(d.severity, 1, "rules: vague-term is raised to error");
      assert.equal(d.source, "mlsd");
    }
    const warnings = client.logs.filter((l) => l.startsWith("settings:"));
    assert.deepEqual(warnings, [], "the server ignored part of the settings");
  });

  it("offers a quick fix for missing-data whose edit removes the finding", async () => {
    const before = client.publishes.filter((p) => p.uri === answerUri).at(-1)!;
    const missing = before.diagnostics.find((d) => d.code === "missing-data");
    assert.ok(missing, "missing-data diagnostic");
    const actions = await client.request(
      "textDocument/codeAction",
      client.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: answerUri },
        range: missing.range,
        context: { diagnostics: [missing], only: ["quickfix"], triggerKind: 1 },
      }),
    );
    const list = (actions ?? []).filter((a): a is CodeAction => !("command" in a && typeof a.command === "string"));
    const fix = list.find(
      (a) => a.kind === "quickfix" && a.edit !== undefined && a.diagnostics?.some((d) => d.code === "missing-data"),
    );
    assert.ok(fix, `no quick fix with an edit for missing-data among: ${list.map((a) => a.title).join(" | ")}`);
    const changes = fix.edit?.documentChanges ?? [];
    assert.equal(changes.length, 1, "one document edit");
    const change = changes[0];
    assert.ok("textDocument" in change, "a text document edit");
    assert.equal(change.textDocument.uri, answerUri);
    assert.equal(change.textDocument.version, 1, "the edit is for the version on screen");
    const doc = await client.edit(
      answerUri,
      change.edits.map((e) => ({ range: e.range, newText: e.newText })),
    );
    assert.match(doc.text, /^## Data\b/m, "a data section was inserted");
    const after = await client.diagnostics("answer.md v2", answerUri, (p) => p.version === 2);
    const ids = rules(after.diagnostics);
    assert.ok(!ids.includes("missing-data"), `missing-data is still reported: ${ids.join(", ")}`);
    assert.ok(ids.includes("missing-features"), "other findings stay");
    const server = await client.serverText(answerUri);
    assert.deepEqual(server, { version: 2, text: doc.text }, "server and client texts agree");
  });

  it("resolves the source.fixAll.mlsd action to an edit", async () => {
    const actions = await client.request(
      "textDocument/codeAction (source.fixAll)",
      client.conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri: answerUri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ["source.fixAll"], triggerKind: 1 },
      }),
    );
    const action = (actions ?? []).find(
      (a): a is CodeAction => (a as CodeAction).kind === "source.fixAll.mlsd",
    );
    assert.ok(action, "source.fixAll.mlsd is offered");
    const resolved = await client.request(
      "codeAction/resolve",
      client.conn.sendRequest(CodeActionResolveRequest.type, action),
    );
    assert.ok((resolved.edit?.documentChanges?.length ?? 0) > 0, "the resolved action carries an edit");
  });

  it("changes findings when the level setting goes from L3 to L6 (didChangeConfiguration)", async () => {
    const seq = client.lastSeq();
    client.settings = { ...client.settings, level: "L6" };
    // What the extension sends on a change of any mlsd.* server setting.
    await client.conn.sendNotification(
      DidChangeConfigurationNotification.type,
      didChangeConfigurationParams(client.serverSettings()),
    );
    const l6 = await client.diagnostics(
      "relint at L6 with missing-org-plan",
      answerUri,
      (p) => p.diagnostics.some((d) => d.code === "missing-org-plan"),
      seq,
    );
    const ids = rules(l6.diagnostics);
    assert.ok(ids.includes("missing-evolution"), `L6 also expects evolution: ${ids.join(", ")}`);
    assert.equal(l6.version, 2, "same document version, new settings");
  });

  it("pulls workspace/configuration when a change carries no settings (back to L3)", async () => {
    const seq = client.lastSeq();
    const pulls = client.configurationRequests.length;
    client.settings = { ...client.settings, level: "L3" };
    await client.conn.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    await client.waitFor("a second workspace/configuration", () =>
      client.configurationRequests.length > pulls ? true : undefined,
    );
    await client.diagnostics(
      "relint at L3 without missing-org-plan",
      answerUri,
      (p) => !p.diagnostics.some((d) => d.code === "missing-org-plan"),
      seq,
    );
  });

  it("mlsd.fixAll (workspace/executeCommand) answers {edit: true} and comes back as workspace/applyEdit", async () => {
    const edits = client.appliedEdits.length;
    const result: unknown = await client.request(
      "workspace/executeCommand mlsd.fixAll",
      client.conn.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_COMMANDS.fixAll,
        arguments: [answerUri],
      }),
    );
    assert.deepEqual(result, { edit: true });
    assert.equal(nothingToDoMessage(SERVER_COMMANDS.fixAll, result), undefined, "no message when an edit follows");
    await client.waitFor("workspace/applyEdit for fixAll", () =>
      client.appliedEdits.length > edits ? true : undefined,
    );
    const doc = client.docs.get(answerUri)!;
    assert.equal(doc.version, 3);
    const pub = await client.diagnostics("answer.md v3", answerUri, (p) => p.version === 3);
    const ids = rules(pub.diagnostics);
    for (const id of ["missing-features", "missing-monitoring", "missing-clarification"]) {
      assert.ok(!ids.includes(id), `${id} should be fixed: ${ids.join(", ")}`);
    }
  });

  /** Runs a document command on answer.md that should do nothing, and checks that it did. */
  async function nothingToDo(command: string, message: string): Promise<void> {
    const applies = client.requests.filter((m) => m === ApplyWorkspaceEditRequest.method).length;
    const version = client.docs.get(answerUri)!.version;
    const result: unknown = await client.request(
      `workspace/executeCommand ${command}`,
      client.conn.sendRequest(ExecuteCommandRequest.type, { command, arguments: [answerUri] }),
    );
    assert.deepEqual(result, { edit: false });
    assert.equal(nothingToDoMessage(command, result), message, "what the extension shows");
    // Had an edit been on its way, it would arrive right behind the answer.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(
      client.requests.filter((m) => m === ApplyWorkspaceEditRequest.method).length,
      applies,
      "workspace/applyEdit after {edit: false}",
    );
    assert.equal(client.docs.get(answerUri)!.version, version, "the document is unchanged");
  }

  it("mlsd.fixAll again answers {edit: false} and sends no edit", () =>
    nothingToDo(SERVER_COMMANDS.fixAll, "mlsd: nothing to fix"));

  it("mlsd.addMissingSections adds the stages fixAll left out, then answers {edit: false}", async () => {
    const before = client.docs.get(answerUri)!;
    const headings = (before.text.match(/^## /gm) ?? []).length;
    const edits = client.appliedEdits.length;
    const result: unknown = await client.request(
      "workspace/executeCommand mlsd.addMissingSections",
      client.conn.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_COMMANDS.addMissingSections,
        arguments: [answerUri],
      }),
    );
    assert.deepEqual(result, { edit: true });
    await client.waitFor("workspace/applyEdit for addMissingSections", () =>
      client.appliedEdits.length > edits ? true : undefined,
    );
    const after = client.docs.get(answerUri)!;
    assert.ok(
      (after.text.match(/^## /gm) ?? []).length > headings,
      `no section was added:\n${after.text}`,
    );
    await client.diagnostics("answer.md after addMissingSections", answerUri, (p) => p.version === after.version);
    await nothingToDo(SERVER_COMMANDS.addMissingSections, "mlsd: the draft already has every section");
  });

  it("mlsd.insertSkeleton on an empty document answers {edit: true} and fills it through workspace/applyEdit", async () => {
    await client.open(emptyUri, "");
    await client.diagnostics("empty doc v1", emptyUri, (p) => p.version === 1);
    const edits = client.appliedEdits.length;
    const result: unknown = await client.request(
      "workspace/executeCommand mlsd.insertSkeleton",
      client.conn.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_COMMANDS.insertSkeleton,
        arguments: [emptyUri],
      }),
    );
    assert.deepEqual(result, { edit: true });
    const applied = await client.waitFor("workspace/applyEdit for the skeleton", () =>
      client.appliedEdits.length > edits ? client.appliedEdits.at(-1) : undefined,
    );
    const change = applied.edit.documentChanges?.[0];
    assert.ok(change !== undefined && "textDocument" in change);
    assert.equal(change.textDocument.uri, emptyUri);
    const doc = client.docs.get(emptyUri)!;
    assert.match(doc.text, /^---\r?\n/, "front matter first");
    const headings = doc.text.match(/^## /gm) ?? [];
    assert.ok(headings.length >= 6, `expected the stage headings, got:\n${doc.text}`);
    // Now a draft by its front matter: linted under `enable: "auto"`.
    await client.diagnostics("skeleton v2", emptyUri, (p) => p.version === 2);
    assert.deepEqual(await client.serverText(emptyUri), { version: 2, text: doc.text });
  });

  it("mlsd.showRule returns the rule's documentation", async () => {
    const text: unknown = await client.request(
      "workspace/executeCommand mlsd.showRule",
      client.conn.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_COMMANDS.showRule,
        arguments: ["missing-data", answerUri],
      }),
    );
    assert.equal(typeof text, "string");
    assert.match(String(text), /missing-data/);
    await client.waitFor("the rule summary as window/showMessage", () =>
      client.shown.find((m) => m.startsWith("missing-data")),
    );
  });

  it("mlsd.showScorecard returns the scorecard as Markdown", async () => {
    const text: unknown = await client.request(
      "workspace/executeCommand mlsd.showScorecard",
      client.conn.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_COMMANDS.showScorecard,
        arguments: [answerUri],
      }),
    );
    assert.equal(typeof text, "string");
    for (const dimension of ["framing", "data", "modeling", "integration", "tradeoffs", "communication"]) {
      assert.match(String(text), new RegExp(`\\n  ${dimension} `), `no ${dimension} line in:\n${String(text)}`);
    }
  });

  it("records a save with mlsd.recordOnSave and mlsd.showProgress shows it", async () => {
    const history = path.join(workspace, "mlsd-data", "history.jsonl");
    const lines = () =>
      fs.existsSync(history) ? fs.readFileSync(history, "utf8").split("\n").filter((l) => l).length : 0;
    // Off by default: a save records nothing.
    await client.conn.sendNotification(DidSaveTextDocumentNotification.type, {
      textDocument: { uri: answerUri },
    });
    const empty: unknown = await client.request(
      "workspace/executeCommand mlsd.showProgress (nothing recorded)",
      client.conn.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_COMMANDS.showProgress,
        arguments: [],
      }),
    );
    assert.match(String(empty), /No attempts recorded yet/);
    assert.equal(lines(), 0);
    // What the extension sends once the user turns mlsd.recordOnSave on.
    const before = client.settings;
    client.settings = { ...client.settings, recordOnSave: true };
    await client.conn.sendNotification(
      DidChangeConfigurationNotification.type,
      didChangeConfigurationParams(client.serverSettings()),
    );
    await client.conn.sendNotification(DidSaveTextDocumentNotification.type, {
      textDocument: { uri: answerUri },
    });
    await client.waitFor("one line in the practice history", () => (lines() === 1 ? true : undefined));
    const text: unknown = await client.request(
      "workspace/executeCommand mlsd.showProgress",
      client.conn.sendRequest(ExecuteCommandRequest.type, {
        command: SERVER_COMMANDS.showProgress,
        arguments: [],
      }),
    );
    assert.match(String(text), /1 attempt on 1 question/);
    assert.match(String(text), /Weakest dimension/);
    client.settings = before;
    await client.conn.sendNotification(
      DidChangeConfigurationNotification.type,
      didChangeConfigurationParams(client.serverSettings()),
    );
  });

  it("shuts down and exits with code 0", async () => {
    await client.conn.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri: emptyUri },
    });
    await client.request("shutdown", client.conn.sendRequest(ShutdownRequest.type));
    const exited = new Promise<number | null>((resolve) => {
      if (exitCode !== undefined) {
        resolve(exitCode);
      } else {
        proc!.once("exit", (code) => resolve(code));
      }
    });
    await client.conn.sendNotification(ExitNotification.type);
    const code = await client.request("process exit after `exit`", exited, 5_000);
    assert.equal(code, 0);
    const unexpected = client.requests.filter(
      (m) =>
        ![
          ConfigurationRequest.method,
          ApplyWorkspaceEditRequest.method,
          RegistrationRequest.method,
          "workspace/codeLens/refresh",
          "workspace/inlayHint/refresh",
          // Not workspace/diagnostic/refresh: with pushed diagnostics there is nothing to pull.
        ].includes(m),
    );
    assert.deepEqual(unexpected, [], "requests from the server the test did not expect");
    // The server writes to stderr only for errors, and this session had none.
    assert.equal(client.stderr, "", "the server wrote to stderr");
  });
});
