// The VS Code side of mlsd: starts `mlsd server` for Markdown files and adds a few commands.
// Everything that does not need `vscode` (the settings object, finding the executable) lives
// in settings.ts and server.ts, where the protocol test uses it too.

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
} from "vscode-languageclient/node";
import {
  SECTION,
  affectsServerSettings,
  configurationResponse,
  didChangeConfigurationParams,
  serverSettings,
  ServerSettings,
} from "./settings";
import {
  SERVER_ARGS,
  SERVER_COMMANDS,
  RuleInfo,
  listRules,
  locateServer,
  nothingToDoMessage,
} from "./server";

const RULE_SCHEME = "mlsd-rule";
const OPEN_SETTINGS = "Open Settings";
const RETRY = "Retry";

let client: LanguageClient | undefined;
let serverPath: string | undefined;
let output: vscode.OutputChannel | undefined;
let rulesCache: RuleInfo[] | undefined;
/** Serialises starts and stops (a restart while a start runs waits for it). */
let lifecycle: Promise<void> = Promise.resolve();
const ruleDocs = new Map<string, string>();
const ruleDocsChanged = new vscode.EventEmitter<vscode.Uri>();

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function currentSettings(): ServerSettings {
  return serverSettings(config());
}

function log(message: string): void {
  output?.appendLine(`[client] ${message}`);
}

function queue(step: () => Promise<void>): Promise<void> {
  lifecycle = lifecycle.then(step, step);
  return lifecycle;
}

async function showMissing(message: string): Promise<void> {
  log(message);
  const choice = await vscode.window.showErrorMessage(`mlsd: ${message}`, OPEN_SETTINGS, RETRY);
  if (choice === OPEN_SETTINGS) {
    await vscode.commands.executeCommand("workbench.action.openSettings", "mlsd.path");
  } else if (choice === RETRY) {
    await restart();
  }
}

function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "untitled", language: "markdown" },
    ],
    // Evaluated at every start, so a restart sends the settings in force. They never ask
    // for `pullDiagnostics`: the server then pushes diagnostics and does not advertise pull
    // diagnostics, so every finding is shown once.
    initializationOptions: () => currentSettings(),
    outputChannel: output,
    middleware: {
      // The score lens runs the server's `mlsd.showScorecard`; its answer (Markdown) is
      // shown in a preview rather than dropped.
      executeCommand: async (command, args, next) => {
        const result: unknown = await next(command, args);
        if (command === SERVER_COMMANDS.showScorecard && typeof result === "string") {
          await showMarkdown("scorecard", result);
        }
        return result;
      },
      workspace: {
        // The server pulls section `mlsd`: answer with its own object, not the raw
        // VS Code section (which also holds `path` and `trace` and empty values).
        configuration: async (params, token, next) => {
          const raw = await next(params, token);
          if (!Array.isArray(raw)) {
            return raw;
          }
          return configurationResponse(
            params.items,
            (scopeUri) =>
              serverSettings(
                vscode.workspace.getConfiguration(
                  SECTION,
                  scopeUri === undefined ? undefined : vscode.Uri.parse(scopeUri),
                ),
              ),
            (i) => raw[i] as unknown,
          );
        },
      },
    },
  };
}

async function startClient(): Promise<void> {
  const baseDir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const located = locateServer(config().get<string>("path"), { baseDir });
  if (!located.ok) {
    serverPath = undefined;
    void showMissing(located.message);
    return;
  }
  serverPath = located.path;
  rulesCache = undefined;
  log(`starting ${located.path} ${SERVER_ARGS.join(" ")} (from ${located.from})`);
  const serverOptions: ServerOptions = {
    command: located.path,
    args: SERVER_ARGS,
  };
  const c = new LanguageClient("mlsd", "mlsd", serverOptions, clientOptions());
  client = c;
  try {
    await c.start();
  } catch (e) {
    client = undefined;
    const msg = e instanceof Error ? e.message : String(e);
    log(`start failed: ${msg}`);
    void showMissing(`the server at ${located.path} did not start (${msg}).`);
    try {
      await c.dispose();
    } catch {
      // already gone
    }
  }
}

async function stopClient(): Promise<void> {
  const c = client;
  client = undefined;
  if (c === undefined) {
    return;
  }
  try {
    if (c.state !== State.Stopped) {
      await c.stop(5000);
    }
  } catch (e) {
    log(`stop: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    await c.dispose();
  } catch {
    // already stopped
  }
}

function restart(): Promise<void> {
  return queue(async () => {
    await stopClient();
    await startClient();
  });
}

/** The running client, or `undefined` after telling the user why there is none. */
function runningClient(): LanguageClient | undefined {
  if (client !== undefined && client.isRunning()) {
    return client;
  }
  const located = locateServer(config().get<string>("path"), {
    baseDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
  if (!located.ok) {
    void showMissing(located.message);
  } else {
    void vscode.window
      .showErrorMessage("mlsd: the language server is not running.", RETRY)
      .then((c) => (c === RETRY ? restart() : undefined));
  }
  return undefined;
}

function markdownEditor(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  if (editor === undefined || editor.document.languageId !== "markdown") {
    void vscode.window.showWarningMessage("mlsd: open a Markdown draft first.");
    return undefined;
  }
  return editor;
}

/** Runs a document command of the server on the active Markdown editor. */
async function documentCommand(command: string): Promise<void> {
  const editor = markdownEditor();
  const c = editor === undefined ? undefined : runningClient();
  if (editor === undefined || c === undefined) {
    return;
  }
  const uri = c.code2ProtocolConverter.asUri(editor.document.uri);
  let answer: unknown;
  try {
    // The server answers `{"edit": true}` and then sends the edit as `workspace/applyEdit`
    // (which the client applies on its own), or `{"edit": false}` when there is nothing to do.
    answer = await c.sendRequest(ExecuteCommandRequest.type, { command, arguments: [uri] });
  } catch (e) {
    void vscode.window.showErrorMessage(
      `mlsd: ${command} failed: ${e instanceof Error ? e.message : String(e)}`,
    );
    return;
  }
  const nothing = nothingToDoMessage(command, answer);
  if (nothing !== undefined) {
    void vscode.window.showInformationMessage(nothing);
  }
}

async function pickRule(): Promise<string | undefined> {
  if (rulesCache === undefined && serverPath !== undefined) {
    try {
      rulesCache = await listRules(serverPath);
    } catch (e) {
      log(`cannot list rules: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (rulesCache !== undefined && rulesCache.length > 0) {
    const picked = await vscode.window.showQuickPick(
      rulesCache.map((r) => ({ label: r.id, description: r.severity, detail: r.summary })),
      { title: "mlsd: Show rule documentation", placeHolder: "Rule id", matchOnDetail: true },
    );
    return picked?.label;
  }
  const typed = await vscode.window.showInputBox({
    title: "mlsd: Show rule documentation",
    prompt: "Rule id, for example missing-data",
  });
  return typed?.trim() || undefined;
}

async function showRule(): Promise<void> {
  const c = runningClient();
  if (c === undefined) {
    return;
  }
  // The rule id under the cursor, when the cursor sits on a finding; otherwise ask.
  const editor = vscode.window.activeTextEditor;
  const here = editor
    ? vscode.languages
        .getDiagnostics(editor.document.uri)
        .find((d) => d.source === "mlsd" && d.range.contains(editor.selection.active))
    : undefined;
  const code = here?.code;
  const fromCursor =
    typeof code === "string" ? code : typeof code === "object" ? String(code.value) : undefined;
  const id = fromCursor ?? (await pickRule());
  if (id === undefined) {
    return;
  }
  const args: unknown[] = [id];
  if (editor !== undefined && editor.document.languageId === "markdown") {
    args.push(c.code2ProtocolConverter.asUri(editor.document.uri));
  }
  let text: unknown;
  try {
    text = await c.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMANDS.showRule,
      arguments: args,
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`mlsd: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (typeof text !== "string") {
    return;
  }
  await showMarkdown(id, text);
}

/** Shows Markdown from the server (a rule's documentation, a scorecard) in a preview. */
async function showMarkdown(name: string, text: string): Promise<void> {
  const uri = vscode.Uri.from({ scheme: RULE_SCHEME, path: `/${name}.md` });
  ruleDocs.set(uri.toString(), text);
  ruleDocsChanged.fire(uri);
  try {
    await vscode.commands.executeCommand("markdown.showPreview", uri);
  } catch {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}

/** The active draft's scorecard (the server's `mlsd.showScorecard`) in a preview. */
async function showScorecard(): Promise<void> {
  const editor = markdownEditor();
  const c = editor === undefined ? undefined : runningClient();
  if (editor === undefined || c === undefined) {
    return;
  }
  let text: unknown;
  try {
    text = await c.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMANDS.showScorecard,
      arguments: [c.code2ProtocolConverter.asUri(editor.document.uri)],
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`mlsd: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (typeof text === "string") {
    await showMarkdown("scorecard", text);
  }
}

/** The practice history (the server's `mlsd.showProgress`) in a preview. */
async function showProgress(): Promise<void> {
  const c = runningClient();
  if (c === undefined) {
    return;
  }
  let text: unknown;
  try {
    text = await c.sendRequest(ExecuteCommandRequest.type, {
      command: SERVER_COMMANDS.showProgress,
      arguments: [],
    });
  } catch (e) {
    void vscode.window.showErrorMessage(`mlsd: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (typeof text === "string") {
    await showMarkdown("progress", text);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("mlsd");
  context.subscriptions.push(
    output,
    ruleDocsChanged,
    vscode.workspace.registerTextDocumentContentProvider(RULE_SCHEME, {
      onDidChange: ruleDocsChanged.event,
      provideTextDocumentContent: (uri) => ruleDocs.get(uri.toString()) ?? "",
    }),
    // Client-side ids: vscode-languageclient registers the server's own command ids
    // (mlsd.fixAll, ...) itself, and those expect the document URI as an argument.
    vscode.commands.registerCommand("mlsd.client.insertSkeleton", () =>
      documentCommand(SERVER_COMMANDS.insertSkeleton),
    ),
    vscode.commands.registerCommand("mlsd.client.fixAll", () =>
      documentCommand(SERVER_COMMANDS.fixAll),
    ),
    vscode.commands.registerCommand("mlsd.client.addMissingSections", () =>
      documentCommand(SERVER_COMMANDS.addMissingSections),
    ),
    vscode.commands.registerCommand("mlsd.client.showRule", showRule),
    vscode.commands.registerCommand("mlsd.client.showScorecard", showScorecard),
    vscode.commands.registerCommand("mlsd.client.showProgress", showProgress),
    vscode.commands.registerCommand("mlsd.client.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.path`)) {
        void restart();
        return;
      }
      if (!affectsServerSettings((s) => e.affectsConfiguration(s))) {
        return;
      }
      const c = client;
      if (c !== undefined && c.isRunning()) {
        void c.sendNotification(
          DidChangeConfigurationNotification.type,
          didChangeConfigurationParams(currentSettings()),
        );
      }
    }),
    // In an untrusted workspace its own mlsd.path is ignored; once trusted it may differ.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restart()),
  );
  await queue(startClient);
}

export function deactivate(): Promise<void> {
  return queue(stopClient);
}
