#!/usr/bin/env python3
"""Checks editors/helix/languages.toml against the real `mlsd server`.

    python3 editors/helix/test.py <path-to-mlsd-binary>

Helix itself is not installable here, so this replays what Helix does with a
[language-server.X] entry, as read from Helix's source (helix-lsp client.rs,
helix-term application.rs):
  - `config` is sent as initializationOptions;
  - after `initialized` Helix sends workspace/didChangeConfiguration with `config`;
  - a workspace/configuration request is answered per item by walking `config`
    along the dotted section name (missing -> null).
The check: the file parses as TOML, has the expected shape, and the settings
in it are the ones in force after that flow (the level is raised to L6 for the
check, so the effect is visible: L6-only rules must fire). The flow runs twice:
with the settings under `config.mlsd` as the file has them, and flat in
`config` (where the section request finds nothing and the server keeps what
the initialization options said). Either way the server must push diagnostics
without advertising pull diagnostics, and log no settings warnings. Prints
PASS/FAIL lines and a closing `helix: N passed, N failed` line.
"""

import json
import os
import select
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"PASS {name}" + (f"  ({detail})" if detail else ""), flush=True)
    else:
        failed += 1
        print(f"FAIL {name}" + (f"  -- {detail}" if detail else ""), flush=True)
    return ok


class Server:
    def __init__(self, argv, config):
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL)
        self.config = config
        self.buf = b""
        self.next_id = 1
        self.diagnostics = {}
        self.logs = []

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        return i

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def _read(self, timeout):
        end = time.monotonic() + timeout
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                length = next(int(l.split(b":")[1]) for l in head.split(b"\r\n")
                              if l.lower().startswith(b"content-length"))
                if len(rest) >= length:
                    self.buf = rest[length:]
                    return json.loads(rest[:length])
            left = end - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if not r:
                return None
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buf += chunk

    def section(self, name):
        value = self.config
        if name:
            for part in name.split("."):
                if not isinstance(value, dict) or part not in value:
                    return None
                value = value[part]
        return value

    def pump(self, timeout, until=None):
        """Handles messages (answering requests as Helix does) until `until(msg)` or timeout."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            msg = self._read(end - time.monotonic())
            if msg is None:
                return None
            method = msg.get("method")
            if method and "id" in msg:
                if method == "workspace/configuration":
                    result = [self.section(it.get("section")) for it in msg["params"]["items"]]
                else:
                    result = None
                self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
            elif method == "textDocument/publishDiagnostics":
                self.diagnostics[msg["params"]["uri"]] = msg["params"]["diagnostics"]
            elif method == "window/logMessage":
                self.logs.append(msg["params"]["message"])
            if until and until(msg):
                return msg
        return None

    def close(self):
        try:
            i = self.request("shutdown", None)
            self.pump(3, lambda m: m.get("id") == i and "method" not in m)
            self.notify("exit", None)
            self.p.wait(timeout=3)
        except Exception:
            self.p.kill()


def replay(binary, shape, config):
    """Helix's flow with `config` as the [language-server.mlsd.config] table."""
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp, "draft.md")
        draft.write_text("---\ntype: recommendation\n---\n# Design a video recommender\n\n"
                         "## Model\n\nA transformer that is state of the art, trained on lots of data.\n")
        uri = draft.as_uri()
        s = Server([binary, "server"], config)
        try:
            i = s.request("initialize", {
                "processId": os.getpid(),
                "rootUri": Path(tmp).as_uri(),
                "initializationOptions": config,
                # A Helix that can pull diagnostics says so; mlsd must still only push.
                "capabilities": {"workspace": {"configuration": True, "didChangeConfiguration": {
                    "dynamicRegistration": False}},
                    "textDocument": {"publishDiagnostics": {"versionSupport": True},
                                     "diagnostic": {"dynamicRegistration": False}}},
            })
            init = s.pump(10, lambda m: m.get("id") == i and "method" not in m)
            ok = init is not None and "result" in init
            check(f"{shape}: the server initializes", ok)
            if not ok:
                return
            provider = init["result"].get("capabilities", {}).get("diagnosticProvider")
            check(f"{shape}: no pull diagnostics advertised (pushed only)", provider is None,
                  json.dumps(provider))
            s.notify("initialized", {})
            s.notify("workspace/didChangeConfiguration", {"settings": config})
            s.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "markdown", "version": 0, "text": draft.read_text()}})
            # Let the configuration pull and the re-lints settle, then read the last publish.
            s.pump(3)
            codes = sorted({d.get("code") for d in s.diagnostics.get(uri, [])})
            check(f"{shape}: diagnostics arrive", bool(codes), f"{len(codes)} rule ids")
            check(f"{shape}: settings in force after Helix's flow (L6: missing-org-plan fires)",
                  "missing-org-plan" in codes, ",".join(codes))
            warnings = [l for l in s.logs if "settings:" in l]
            check(f"{shape}: the server logged no settings warnings", not warnings,
                  " | ".join(warnings))
        finally:
            s.close()


def main():
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} <path-to-mlsd-binary>", file=sys.stderr)
        return 2
    binary = str(Path(sys.argv[1]).resolve())
    started = time.monotonic()

    with open(HERE / "languages.toml", "rb") as f:
        try:
            toml = tomllib.load(f)
        except tomllib.TOMLDecodeError as e:
            check("languages.toml parses as TOML", False, str(e))
            return 1
    check("languages.toml parses as TOML", True)
    server = toml.get("language-server", {}).get("mlsd", {})
    check("[language-server.mlsd] runs `mlsd server`",
          server.get("command") == "mlsd" and server.get("args") == ["server"],
          f"{server.get('command')} {server.get('args')}")
    markdown = [l for l in toml.get("language", []) if l.get("name") == "markdown"]
    servers = markdown[0].get("language-servers", []) if markdown else []
    check("markdown's language-servers list has mlsd first and keeps marksman",
          servers[:1] == ["mlsd"] and "marksman" in servers, str(servers))
    config = server.get("config", {})
    check("the settings sit under config.mlsd", isinstance(config.get("mlsd"), dict), json.dumps(config))

    # Replay Helix's flow with the file's settings, the level raised to L6: as the file has
    # them (under `mlsd`), and flat.
    nested = json.loads(json.dumps(config))
    nested.setdefault("mlsd", {})["level"] = "L6"
    replay(binary, "nested", nested)
    replay(binary, "flat", dict(nested["mlsd"]))
    print(f"helix check took {time.monotonic() - started:.1f} s")
    print(f"helix: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
