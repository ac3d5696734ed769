#!/usr/bin/env bash
# VS Code end to end: a real VS Code (code-server from npm) with the packaged .vsix installed,
# driven in headless Chromium (Debian's package) by e2e/run.mjs through playwright-core. It
# opens a copy of examples/weak.md and checks what a user sees: the Problems panel, a hover, a
# quick fix, the skeleton completion, live updates, the output channel and a server restart.
#
#   editors/vscode/e2e.sh <path-to-mlsd-binary>
#
# Run editors/vscode/ci.sh first: it packages the .vsix this test installs.
# Installs what is missing: Debian's chromium, libkrb5-dev and ripgrep (with apt-get, as
# root), code-server into target/vscode-e2e-cache/ (kept between runs) and playwright-core
# into e2e/node_modules. Nothing is downloaded from outside the package registries.
# Screenshots and logs go to target/vscode-e2e/ (wiped at the start of every run).
# When chromium or code-server cannot be installed it prints `SKIP: <reason>` and exits 0;
# MLSD_E2E_REQUIRE=1 turns that into a failure.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3 # newest release whose engines.node accepts Node 20
# What code-server 4.100.3's @vscode/ripgrep postinstall looks for before it asks GitHub
# (lib/postinstall.js and lib/download.js of @vscode/ripgrep 1.15.11).
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_ASSET_VERSION=v13.0.0-10

if [ $# -ne 1 ]; then
  echo "usage: $0 <path-to-mlsd-binary>" >&2
  exit 2
fi
if [ ! -f "$1" ] || [ ! -x "$1" ]; then
  echo "e2e.sh: $1 is not an executable file" >&2
  exit 2
fi
bin="$(realpath "$1")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="$repo/target/vscode-e2e-cache"
out="$repo/target/vscode-e2e"
run="$out/run"

start=$SECONDS
say() { echo "== vscode e2e: $* ($((SECONDS - start)) s)"; }
skip() {
  if [ "${MLSD_E2E_REQUIRE:-0}" = 1 ]; then
    echo "FAIL (MLSD_E2E_REQUIRE=1): $*" >&2
    exit 1
  fi
  echo "SKIP: $*"
  exit 0
}

rm -rf "$out"
mkdir -p "$out" "$cache"

vsix="$(ls -1t "$here"/*.vsix 2>/dev/null | head -n 1 || true)"
if [ -z "$vsix" ]; then
  echo "e2e.sh: no .vsix in $here; run editors/vscode/ci.sh $1 first" >&2
  exit 2
fi

# --- Debian packages -------------------------------------------------------------------
missing=()
for pkg in chromium libkrb5-dev ripgrep; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    say "apt-get install ${missing[*]}"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") \
      >"$cache/apt.log" 2>&1 || echo "apt-get failed; see $cache/apt.log"
  fi
fi
[ -x /usr/bin/chromium ] || skip "no /usr/bin/chromium (apt-get install -y chromium failed or is not possible here)"

# --- code-server, cached under target/ -----------------------------------------------
cs_dir="$cache/code-server-$CODE_SERVER_VERSION"
cs_entry="$cs_dir/node_modules/code-server/out/node/entry.js"
if [ ! -f "$cs_dir/installed" ]; then
  command -v rg >/dev/null || skip "no rg (apt-get install -y ripgrep), which code-server's @vscode/ripgrep needs offline"
  case "$(uname -m)" in
    x86_64) rg_target=x86_64-unknown-linux-musl ;;
    aarch64) rg_target=aarch64-unknown-linux-musl ;;
    *) skip "no ripgrep asset name known for $(uname -m)" ;;
  esac
  say "npm install code-server@$CODE_SERVER_VERSION into $cs_dir (log: $cache/code-server-install.log)"
  rm -rf "$cs_dir"
  # @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache folder (under
  # TMPDIR) already holds the release tarball: give it Debian's rg under that name.
  rg_cache="$cs_dir/tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  mkdir -p "$rg_cache" "$cs_dir/tmp/rg"
  cp "$(command -v rg)" "$cs_dir/tmp/rg/rg"
  tar czf "$rg_cache/ripgrep-$RIPGREP_ASSET_VERSION-$rg_target.tar.gz" -C "$cs_dir/tmp/rg" rg
  # unsafe_perm: its postinstall refuses root otherwise; yes: node-pty's `npx node-gyp`
  # would prompt without a TTY. kerberos builds against libkrb5-dev.
  if ! (cd "$cs_dir" && TMPDIR="$cs_dir/tmp" npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --prefix "$cs_dir" "code-server@$CODE_SERVER_VERSION" \
    --no-audit --no-fund --foreground-scripts) >"$cache/code-server-install.log" 2>&1; then
    tail -n 30 "$cache/code-server-install.log"
    skip "npm install code-server@$CODE_SERVER_VERSION failed; see $cache/code-server-install.log"
  fi
  [ -f "$cs_entry" ] || skip "code-server installed without $cs_entry"
  touch "$cs_dir/installed"
fi

# --- playwright-core for the driver --------------------------------------------------
pw_want="$(node -p 'require(process.argv[1]).packages["node_modules/playwright-core"].version' "$here/e2e/package-lock.json")"
pw_have="$(node -p 'require(process.argv[1]).version' "$here/e2e/node_modules/playwright-core/package.json" 2>/dev/null || true)"
if [ "$pw_want" != "$pw_have" ]; then
  say "npm ci in e2e/ (playwright-core $pw_want)"
  (cd "$here/e2e" && npm ci --no-audit --no-fund --prefer-offline) >"$out/npm-ci.log" 2>&1 ||
    { cat "$out/npm-ci.log"; echo "FAIL: npm ci in $here/e2e" >&2; exit 1; }
fi

# --- a throwaway VS Code profile and workspace ---------------------------------------
mkdir -p "$run/home" "$run/ud/User" "$run/ext" "$run/ws" "$run/tmp"
cp "$repo/examples/weak.md" "$run/ws/weak.md"
cat >"$run/ud/User/settings.json" <<EOF
{
  "mlsd.path": "$bin",
  "mlsd.enable": "always",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "chat.commandCenter.enabled": false,
  "files.autoSave": "off",
  "git.enabled": false,
  "git.openRepositoryInParentFolders": "never",
  "editor.minimap.enabled": false,
  "editor.codeLens": true
}
EOF
cs_env=(env HOME="$run/home" XDG_CONFIG_HOME="$run/home/.config" XDG_DATA_HOME="$run/home/.local/share"
  XDG_CACHE_HOME="$run/home/.cache" TMPDIR="$run/tmp")
cs_args=(--user-data-dir "$run/ud" --extensions-dir "$run/ext")

say "install $(basename "$vsix")"
"${cs_env[@]}" node "$cs_entry" "${cs_args[@]}" --install-extension "$vsix" >"$out/install-extension.log" 2>&1 ||
  { cat "$out/install-extension.log"; echo "FAIL: code-server --install-extension $vsix" >&2; exit 1; }

# --- start code-server and the driver, each in its own session; stop both, always ----
cs_pid=""
drv_pid=""
ours() {
  # Every process of this run: the sessions of code-server and the driver, and of anything
  # whose command line names the run folder (Chromium starts a session of its own). ps runs
  # before awk, so awk's own command line is not in the list.
  local psout me
  psout="$(ps -e -o pid=,sid=,args=)"
  me="$(ps -o sid= -p $$ | tr -d ' ')"
  awk -v r="$run" -v s=" $cs_pid $drv_pid " -v me="$me" '
    { line[NR] = $0; sid[NR] = $2; if (index($0, r)) s = s $2 " " }
    END { for (i = 1; i <= NR; i++) if (sid[i] != me && index(s, " " sid[i] " ")) print line[i] }
  ' <<<"$psout"
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  for pg in $drv_pid $cs_pid; do kill -TERM -- "-$pg" 2>/dev/null || true; done
  for _ in $(seq 50); do
    [ -z "$(ours)" ] && break
    sleep 0.1
  done
  if [ -d "$run/ud/logs" ]; then
    mkdir -p "$out/logs"
    cp -r "$run/ud/logs/." "$out/logs/" 2>/dev/null || true
    find "$out/logs" -path '*output_logging_*' -name '*mlsd*' -exec cat {} + >"$out/mlsd-output.log" 2>/dev/null || true
  fi
  local left
  left="$(ours)"
  if [ -n "$left" ]; then
    echo "still running after SIGTERM, killing:"
    echo "$left"
    echo "$left" | awk '{ print $1 }' | xargs -r kill -KILL 2>/dev/null || true
    sleep 0.5
    left="$(ours)"
  fi
  if [ -n "$left" ]; then
    echo "FAIL: processes of this run are still alive:" >&2
    echo "$left" >&2
    rc=1
  else
    echo "== vscode e2e: no process of the run is left"
  fi
  if [ "$rc" = 0 ]; then
    echo "== vscode e2e: passed in $((SECONDS - start)) s; screenshots in $out/"
  else
    echo "FAIL: VS Code end-to-end test (exit $rc) after $((SECONDS - start)) s"
    echo "  screenshots and driver log: $out/"
    echo "  code-server log:            $out/code-server.log"
    echo "  extension host logs:        $out/logs/ (copied from $run/ud/logs)"
    echo "  mlsd output channel:        $out/mlsd-output.log"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
say "start code-server on 127.0.0.1:$port"
# setsid: a session (and process group) of its own, so the extension host and the mlsd
# server under it go when the group is stopped.
setsid "${cs_env[@]}" node "$cs_entry" "${cs_args[@]}" --bind-addr "127.0.0.1:$port" --auth none \
  --disable-telemetry --disable-update-check --disable-workspace-trust --disable-getting-started-override \
  "$run/ws" >"$out/code-server.log" 2>&1 </dev/null &
cs_pid=$!
[ "$(ps -o pgid= -p "$cs_pid" | tr -d ' ')" = "$cs_pid" ] ||
  { echo "FAIL: code-server is not the leader of its process group" >&2; exit 1; }
for i in $(seq 150); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$cs_pid" 2>/dev/null || { cat "$out/code-server.log"; echo "FAIL: code-server exited" >&2; exit 1; }
  [ "$i" = 150 ] && { cat "$out/code-server.log"; echo "FAIL: no /healthz after 15 s" >&2; exit 1; }
  sleep 0.1
done

say "drive it in headless Chromium (e2e/run.mjs)"
set +e
# timeout: the driver times out every wait itself; this only stops one that never returns.
# Chromium's profile and crash database land under HOME and TMPDIR: in the run folder.
E2E_URL="http://127.0.0.1:$port/?folder=$run/ws" E2E_WS="$run/ws" E2E_OUT="$out" E2E_UD="$run/ud" \
  E2E_BIN="$bin" "${cs_env[@]}" setsid timeout -k 5 240 node "$here/e2e/run.mjs" </dev/null &
drv_pid=$!
wait "$drv_pid"
status=$?
set -e
[ "$status" = 124 ] && echo "FAIL: the driver ran over 240 s"
exit "$status"
