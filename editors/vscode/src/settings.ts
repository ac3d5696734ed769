// The editor settings as the mlsd server reads them. This module does not import `vscode`,
// so the extension and the protocol test share one mapping from VS Code's `mlsd.*`
// configuration to the JSON object the server takes as `initializationOptions`, in
// `workspace/didChangeConfiguration` and as the answer to `workspace/configuration`.

/** The configuration section, and the key of the object the server looks for. */
export const SECTION = "mlsd";

/** The keys the server reads (src/server/settings.rs); any other key is logged as unknown. */
export const SERVER_KEYS = [
  "enable",
  "level",
  "wordsPerMinute",
  "minutes",
  "rules",
  "docsBaseUrl",
  "recordOnSave",
] as const;

/**
 * The server's settings object. A missing key means "not set here": the server then uses
 * `.mlsd.toml` or its built-in default, so an unset VS Code setting never overrides a
 * workspace configuration file.
 */
export interface ServerSettings {
  enable?: string;
  level?: string;
  wordsPerMinute?: number;
  minutes?: number;
  rules?: Record<string, string>;
  docsBaseUrl?: string;
  recordOnSave?: boolean;
}

/**
 * Reads one key of the `mlsd` section. `vscode.WorkspaceConfiguration` fits this shape;
 * the tests use {@link objectReader}.
 */
export interface SettingsReader {
  get<T>(key: string): T | undefined;
}

/** A reader over a plain object whose keys are the setting names without `mlsd.`. */
export function objectReader(values: Readonly<Record<string, unknown>>): SettingsReader {
  return {
    get<T>(key: string): T | undefined {
      return values[key] as T | undefined;
    },
  };
}

function text(v: unknown): string | undefined {
  if (typeof v !== "string") {
    return undefined;
  }
  const t = v.trim();
  return t === "" ? undefined : t;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function rulesOf(v: unknown): Record<string, string> | undefined {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [id, severity] of Object.entries(v as Record<string, unknown>)) {
    const s = text(severity);
    if (id.trim() !== "" && s !== undefined) {
      out[id.trim()] = s;
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * The server's settings object from the `mlsd` section: empty strings, `null` and empty
 * objects are left out. Values of the right JSON type are passed on as they are; the server
 * checks ranges and names and logs what it ignores.
 */
export function serverSettings(cfg: SettingsReader): ServerSettings {
  const out: ServerSettings = {};
  const enable = text(cfg.get("enable"));
  if (enable !== undefined) {
    out.enable = enable;
  }
  const level = text(cfg.get("level"));
  if (level !== undefined) {
    out.level = level;
  }
  const wpm = num(cfg.get("wordsPerMinute"));
  if (wpm !== undefined) {
    out.wordsPerMinute = wpm;
  }
  const minutes = num(cfg.get("minutes"));
  if (minutes !== undefined) {
    out.minutes = minutes;
  }
  const rules = rulesOf(cfg.get("rules"));
  if (rules !== undefined) {
    out.rules = rules;
  }
  const docs = text(cfg.get("docsBaseUrl"));
  if (docs !== undefined) {
    out.docsBaseUrl = docs;
  }
  // Recording is opt-in: only an explicit `true` turns it on.
  if (cfg.get("recordOnSave") === true) {
    out.recordOnSave = true;
  }
  return out;
}

/** Whether a configuration change touches a key the server reads. */
export function affectsServerSettings(affects: (section: string) => boolean): boolean {
  return SERVER_KEYS.some((k) => affects(`${SECTION}.${k}`));
}

/** The parameters of `workspace/didChangeConfiguration` for these settings. */
export function didChangeConfigurationParams(settings: ServerSettings): {
  settings: { mlsd: ServerSettings };
} {
  return { settings: { mlsd: settings } };
}

/**
 * The answer to a `workspace/configuration` request: the server's object for every item
 * asking for the `mlsd` section, `other(index)` (by default `null`) for anything else.
 */
export function configurationResponse(
  items: ReadonlyArray<{ section?: string | null; scopeUri?: string | null }>,
  read: (scopeUri: string | undefined) => ServerSettings,
  other: (index: number) => unknown = () => null,
): unknown[] {
  return items.map((item, i) =>
    item.section === SECTION ? read(item.scopeUri ?? undefined) : other(i),
  );
}
