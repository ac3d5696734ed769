// The packaged entry point, dist/extension.js, loaded under a stand-in `vscode` module (no
// VS Code can be downloaded here): it must need nothing but `vscode` and Node built-ins,
// register the commands package.json contributes, and, without a server, show one
// notification that says how to install it.

import assert from "node:assert/strict";
import * as fs from "node:fs";
import Module, { builtinModules } from "node:module";
import * as path from "node:path";
import { describe, it } from "node:test";

const ROOT = path.resolve(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist", "extension.js");

interface Notification {
  message: string;
  items: string[];
}

/** Any property, call or construction gives the catch-all again (enough for module load). */
const anything: object = new Proxy(function () {}, {
  get: (_t, p) => (p === "then" ? undefined : p === Symbol.toPrimitive ? () => "" : anything),
  apply: () => anything,
  construct: () => anything,
});

function withFallback<T extends object>(o: T): T {
  return new Proxy(o, {
    get: (t, p) => (p in t ? (t as Record<string | symbol, unknown>)[p] : anything),
  });
}

const disposable = { dispose: () => undefined };

function standIn(settings: Record<string, unknown>, errors: Notification[], commands: string[]) {
  return withFallback({
    window: withFallback({
      createOutputChannel: () => withFallback({ appendLine: () => undefined, dispose: () => undefined }),
      showErrorMessage: (message: string, ...items: string[]) => {
        errors.push({ message, items });
        return Promise.resolve(undefined);
      },
      showWarningMessage: () => Promise.resolve(undefined),
      activeTextEditor: undefined,
    }),
    workspace: withFallback({
      getConfiguration: () => ({ get: (key: string) => settings[key] }),
      workspaceFolders: undefined,
      registerTextDocumentContentProvider: () => disposable,
      onDidChangeConfiguration: () => disposable,
      onDidGrantWorkspaceTrust: () => disposable,
    }),
    commands: withFallback({
      registerCommand: (id: string) => {
        commands.push(id);
        return disposable;
      },
      executeCommand: () => Promise.resolve(undefined),
    }),
    EventEmitter: class {
      event = () => disposable;
      fire(): void {}
      dispose(): void {}
    },
  });
}

interface Loader {
  _load: (this: unknown, request: string, parent: unknown, isMain: boolean) => unknown;
}

describe("the bundled extension (dist/extension.js)", { skip: !fs.existsSync(DIST) && "dist/extension.js not built (npm run compile)" }, () => {
  const errors: Notification[] = [];
  const commands: string[] = [];
  const requested = new Set<string>();
  let ext: { activate(ctx: unknown): Promise<void>; deactivate(): Promise<void> };

  it("loads with only vscode and Node built-ins outside the bundle", () => {
    const loader = Module as unknown as Loader;
    const original = loader._load;
    const vscode = standIn({ path: "/nonexistent/mlsd", enable: "auto" }, errors, commands);
    loader._load = function (request, parent, isMain) {
      if (request === "vscode") {
        return vscode;
      }
      requested.add(request);
      return original.call(this, request, parent, isMain);
    };
    try {
      ext = Module.createRequire(__filename)(DIST) as typeof ext;
    } finally {
      loader._load = original;
    }
    assert.equal(typeof ext.activate, "function");
    assert.equal(typeof ext.deactivate, "function");
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const outside = [...requested].filter((r) => r !== DIST && !builtins.has(r));
    assert.deepEqual(outside, [], "modules the .vsix would lack");
  });

  it("without a server: one error notification with the install hint and a settings button", async () => {
    await ext.activate({ subscriptions: [] });
    assert.equal(errors.length, 1, JSON.stringify(errors));
    const [n] = errors;
    assert.match(n.message, /cargo install --path \./);
    assert.match(n.message, /mlsd\.path/);
    assert.match(n.message, /\/nonexistent\/mlsd/);
    assert.ok(n.items.includes("Open Settings"), `buttons: ${n.items.join(", ")}`);
    await ext.deactivate();
  });

  it("registers exactly the commands package.json contributes", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      contributes: { commands: { command: string }[] };
    };
    const contributed = manifest.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual([...commands].sort(), contributed);
  });
});
