-- Runs the "without the plugin" snippet of doc/mlsd.txt (section mlsd-without-plugin) as
-- documented, with only the binary path swapped in, and checks that Neovim's built-in client
-- alone gets diagnostics (once each, with nothing in the snippet to prevent duplicates), the
-- level from the settings, and a quick fix.
-- Run by test/run.sh with `-u NONE` (the plugin is not on the runtimepath).

local work = assert(os.getenv("MLSD_NVIM_WORK"), "MLSD_NVIM_WORK is not set")
local bin = assert(os.getenv("MLSD_BIN"), "MLSD_BIN is not set")
local plugin = assert(os.getenv("MLSD_NVIM_PLUGIN"), "MLSD_NVIM_PLUGIN is not set")

local passed, failed = 0, 0
local started = vim.uv.hrtime()

local function say(line)
  io.stdout:write(line, "\n")
  io.stdout:flush()
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    say(("PASS %s%s"):format(name, detail and ("  (" .. detail .. ")") or ""))
  else
    failed = failed + 1
    say(("FAIL %s%s"):format(name, detail and ("  -- " .. detail) or ""))
  end
  return ok
end

local function wait_for(timeout_ms, cond)
  local value
  vim.wait(timeout_ms, function()
    value = cond()
    return value
  end, 20)
  return value or false
end

local function snippet()
  local out, state = {}, "before"
  for line in io.lines(plugin .. "/doc/mlsd.txt") do
    if state == "before" and line:find("*mlsd-without-plugin*", 1, true) then
      state = "section"
    elseif state == "section" and line:match(">lua%s*$") then
      state = "code"
    elseif state == "code" then
      if line:match("^<") then
        break
      end
      table.insert(out, (line:gsub("^    ", "")))
    end
  end
  return table.concat(out, "\n")
end

local function run()
  local code = snippet()
  check("doc/mlsd.txt has the vim.lsp.config snippet", code:find("vim.lsp.enable", 1, true) ~= nil)
  local swapped, n = code:gsub('cmd = { "mlsd", "server" }', ('cmd = { %q, "server" }'):format(bin))
  check("the snippet's cmd is { \"mlsd\", \"server\" }", n == 1)
  local chunk, err = loadstring(swapped, "=mlsd-without-plugin")
  if not check("the snippet compiles", chunk ~= nil, err) then
    return
  end
  local ok, run_err = pcall(chunk)
  check("the snippet runs", ok, run_err and tostring(run_err))

  -- A draft without a level in its front matter, so the level from the settings applies.
  local path = work .. "/plain.md"
  local f = assert(io.open(path, "w"))
  f:write("---\ntype: recommendation\n---\n# Design a video recommender\n\n## Model\n\n",
    "A transformer that is state of the art, trained on lots of data.\n")
  f:close()
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local buf = vim.api.nvim_get_current_buf()
  local got = wait_for(15000, function()
    return #vim.diagnostic.get(buf) > 0
  end)
  check("diagnostics arrive without the plugin", got, #vim.diagnostic.get(buf) .. " diagnostics")
  local dup = wait_for(1000, function()
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local key = ("%s@%d:%d"):format(d.code, d.lnum, d.col)
      if seen[key] then
        return key
      end
      seen[key] = true
    end
  end)
  check("each finding is shown once", not dup, dup and ("duplicate " .. dup))
  local c = vim.lsp.get_clients({ bufnr = buf, name = "mlsd" })[1]
  check("... with Neovim offering pull diagnostics and the server advertising none",
    c ~= nil and c.capabilities.textDocument.diagnostic ~= nil and c.server_capabilities.diagnosticProvider == nil,
    c and vim.inspect(c.server_capabilities.diagnosticProvider) or "no client")
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    codes[d.code] = true
  end
  check("the snippet's settings reach the server (level L6: missing-org-plan fires)", codes["missing-org-plan"] == true)
  check("vague-term fires", codes["vague-term"] == true)

  local clients = vim.lsp.get_clients({ bufnr = buf, name = "mlsd" })
  local md
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "missing-data" then
      md = d
    end
  end
  if check("missing-data is reported", md ~= nil and clients[1] ~= nil) then
    vim.api.nvim_win_set_cursor(0, { md.lnum + 1, md.col })
    vim.lsp.buf.code_action({
      context = { only = { "quickfix" } },
      filter = function(a)
        return a.title:find("Data", 1, true) ~= nil and a.title:find("Add", 1, true) ~= nil
      end,
      apply = true,
    })
    local added = wait_for(5000, function()
      for _, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
        if l:match("^## Data") then
          return true
        end
      end
    end)
    check("the quick fix adds a Data section", added)
  end
  check("the plugin was not loaded", package.loaded["mlsd"] == nil)
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  check("test script ran to the end", false, err)
end
local clients = vim.lsp.get_clients({ name = "mlsd" })
for _, c in ipairs(clients) do
  c:stop()
end
wait_for(3000, function()
  for _, c in ipairs(clients) do
    if not c:is_stopped() then
      return false
    end
  end
  return true
end)
say(("nvim e2e (plain): %d PASS, %d FAIL in %d ms"):format(passed, failed, math.floor((vim.uv.hrtime() - started) / 1e6)))
os.exit(failed == 0 and 0 or 1)
