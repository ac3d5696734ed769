// Finding and talking to the `mlsd` executable, without `vscode`: shared by the extension
// and the tests.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The commands the server runs through `workspace/executeCommand` (src/server/actions.rs). */
export const SERVER_COMMANDS = {
  insertSkeleton: "mlsd.insertSkeleton",
  fixAll: "mlsd.fixAll",
  addMissingSections: "mlsd.addMissingSections",
  showRule: "mlsd.showRule",
  showScorecard: "mlsd.showScorecard",
  showProgress: "mlsd.showProgress",
} as const;

/**
 * What the server says when one of its document commands (`mlsd.fixAll`,
 * `mlsd.addMissingSections`, `mlsd.insertSkeleton`) had nothing to do.
 */
const NOTHING_TO_DO: Readonly<Record<string, string>> = {
  [SERVER_COMMANDS.fixAll]: "mlsd: nothing to fix",
  [SERVER_COMMANDS.addMissingSections]: "mlsd: the draft already has every section",
  [SERVER_COMMANDS.insertSkeleton]: "mlsd: there is no skeleton to insert into this draft",
};

/**
 * Reads the answer to a document command. The server answers `{"edit": true}` when a
 * `workspace/applyEdit` follows and `{"edit": false}` when there was nothing to do; anything
 * else (servers before this answer existed sent `null`) says nothing either way.
 */
export function editFollows(answer: unknown): boolean | undefined {
  if (answer === null || typeof answer !== "object" || Array.isArray(answer)) {
    return undefined;
  }
  const edit = (answer as Record<string, unknown>).edit;
  return typeof edit === "boolean" ? edit : undefined;
}

/** The message to show for a document command's answer, when it did nothing. */
export function nothingToDoMessage(command: string, answer: unknown): string | undefined {
  if (editFollows(answer) !== false) {
    return undefined;
  }
  return NOTHING_TO_DO[command] ?? `mlsd: ${command} had nothing to do`;
}

/** The arguments `mlsd server` runs with. */
export const SERVER_ARGS = ["server"];

/** How to get the server, for messages. */
export const INSTALL_HINT =
  "Install it with `cargo install --path .` from a clone of the mlsd repository " +
  "(the binary lands in ~/.cargo/bin), or set `mlsd.path` to the executable.";

export type Located =
  | { ok: true; path: string; from: "setting" | "PATH" }
  | { ok: false; message: string };

export interface LocateOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** The folder a relative `mlsd.path` is relative to (the first workspace folder). */
  baseDir?: string;
}

function isExecutableFile(p: string, platform: NodeJS.Platform): boolean {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    if (platform !== "win32") {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` in the `PATH` folders (with `PATHEXT` on Windows). */
export function findOnPath(name: string, opts: LocateOptions = {}): string | undefined {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const pathVar = env.PATH ?? env.Path ?? "";
  const exts =
    platform === "win32"
      ? ["", ...(env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";").filter((e) => e !== "")]
      : [""];
  const sep = platform === "win32" ? ";" : ":";
  for (const dir of pathVar.split(sep)) {
    if (dir === "") {
      continue;
    }
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutableFile(candidate, platform)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/**
 * The server executable: `configured` (the `mlsd.path` setting) when it is set, else `mlsd`
 * on `PATH`. A configured path that holds no executable is an error, not a reason to fall
 * back to `PATH`: the user asked for that one.
 */
export function locateServer(configured: string | null | undefined, opts: LocateOptions = {}): Located {
  const platform = opts.platform ?? process.platform;
  const setting = (configured ?? "").trim();
  if (setting !== "") {
    let p = setting;
    if (p === "~" || p.startsWith("~/") || p.startsWith("~\\")) {
      p = path.join(os.homedir(), p.slice(1));
    } else if (!path.isAbsolute(p) && opts.baseDir !== undefined) {
      p = path.resolve(opts.baseDir, p);
    }
    if (isExecutableFile(p, platform)) {
      return { ok: true, path: p, from: "setting" };
    }
    return {
      ok: false,
      message: `The setting mlsd.path is "${setting}", but no executable file is there. ${INSTALL_HINT}`,
    };
  }
  const found = findOnPath("mlsd", opts);
  if (found !== undefined) {
    return { ok: true, path: found, from: "PATH" };
  }
  return {
    ok: false,
    message: `The mlsd language server was not found on PATH. ${INSTALL_HINT}`,
  };
}

/** One rule as `mlsd rule --all --format json` lists it. */
export interface RuleInfo {
  id: string;
  severity: string;
  summary: string;
}

/** Reads the output of `mlsd rule --all --format json`; throws on anything else. */
export function parseRuleList(json: string): RuleInfo[] {
  const data: unknown = JSON.parse(json);
  if (!Array.isArray(data)) {
    throw new Error("expected a JSON array of rules");
  }
  return data.flatMap((r: unknown): RuleInfo[] => {
    if (r === null || typeof r !== "object") {
      return [];
    }
    const o = r as Record<string, unknown>;
    if (typeof o.id !== "string") {
      return [];
    }
    return [
      {
        id: o.id,
        severity:
          typeof o.applies === "string"
            ? o.applies
            : typeof o.severity === "string"
              ? o.severity
              : "",
        summary: typeof o.summary === "string" ? o.summary : "",
      },
    ];
  });
}

/** The built-in rules, from `<bin> rule --all --format json`. */
export function listRules(bin: string, timeoutMs = 10_000): Promise<RuleInfo[]> {
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      ["rule", "--all", "--format", "json"],
      { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, windowsHide: true },
      (err, stdout) => {
        if (err) {
          reject(new Error(`${bin} rule --all: ${err.message}`));
          return;
        }
        try {
          resolve(parseRuleList(stdout));
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      },
    );
  });
}
