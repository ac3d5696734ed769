-- mlsd for Neovim: starts the `mlsd server` language server on Markdown buffers and adds
-- a few user commands. Nothing happens until `require("mlsd").setup(opts)` is called.
--
-- Neovim >= 0.11 uses vim.lsp.config / vim.lsp.enable (tested). Neovim 0.10 falls back to
-- a FileType autocommand that calls vim.lsp.start (untested).

local M = {}

local NAME = "mlsd"
local augroup = vim.api.nvim_create_augroup("mlsd", { clear = true })

--- Options that `setup` accepts; every key is optional.
M.defaults = {
  -- How to start the server: a list (program, then its arguments) or, on 0.11, a function.
  cmd = { "mlsd", "server" },
  filetypes = { "markdown" },
  -- The workspace root is the nearest directory holding one of these.
  root_markers = { ".mlsd.toml", ".git" },
  -- The server's settings object: enable ("auto"|"always"|"never"), level ("L3".."L6", or a
  -- company ladder's name for one such as "E5", "L7", "SDE II"),
  -- wordsPerMinute, minutes, rules ({ [rule_id] = "off"|"error"|"warning"|"info"|"hint" }),
  -- docsBaseUrl, recordOnSave (true: each save of a draft is recorded in the practice history;
  -- off by default). Sent as initializationOptions and as the `mlsd` configuration section.
  settings = {},
  -- Refresh code lenses (time and word figures per stage) on BufEnter, InsertLeave and
  -- TextChanged in buffers that mlsd is attached to.
  codelens = true,
  -- How mlsd's findings are shown: a vim.diagnostic.config() table applied to mlsd's own
  -- namespaces only. Neovim 0.11 shows diagnostics as signs alone by default; this puts each
  -- message at the end of its line. `{ virtual_lines = true }` gives each message lines of
  -- its own (`{ virtual_lines = { current_line = true } }`: only under the cursor's line);
  -- false leaves your global vim.diagnostic settings in charge.
  diagnostics = { virtual_text = { spacing = 2, source = false } },
  -- LSP completion in the buffers mlsd attaches to (vim.lsp.completion, Neovim 0.11): <C-x><C-o>
  -- (or <C-Space>, if you map it to vim.lsp.completion.get) offers the skeleton, stage
  -- headings and front-matter values, and accepting a snippet item expands it: the skeleton
  -- inserts every stage heading. `{ autotrigger = true }` opens the menu as you type; false
  -- leaves completion to your own setup (nvim-cmp, blink.cmp, …).
  completion = true,
  -- Define :MlsdSkeleton, :MlsdFixAll, :MlsdAddSections, :MlsdScore, :MlsdProgress and :MlsdRule.
  commands = true,
  -- Passed through to the client configuration when set.
  on_attach = nil,
  on_init = nil,
  capabilities = nil,
}

--- The options in force after `setup` (nil before).
M.options = nil

-- `mlsd.showRule` also sends the rule's summary as window/showMessage (for editors that
-- cannot show the returned text); :MlsdRule opens the text in a window, so that message is
-- dropped instead of echoed (an echo under the window raised a "Press ENTER" prompt).
local pending_rule_summary = nil

local function show_message(err, result, ctx, config)
  local prefix = pending_rule_summary
  if prefix and type(result) == "table" and type(result.message) == "string"
    and result.message:sub(1, #prefix) == prefix then
    pending_rule_summary = nil
    return vim.NIL
  end
  return vim.lsp.handlers["window/showMessage"](err, result, ctx, config)
end

local function notify(msg, level)
  vim.notify("mlsd: " .. msg, level or vim.log.levels.INFO)
end

local function has_lsp_config()
  return vim.fn.has("nvim-0.11") == 1 and vim.lsp.config ~= nil and vim.lsp.enable ~= nil
end

-- The server wants JSON objects; an empty Lua table would be encoded as `[]`.
local function object(t)
  if type(t) ~= "table" or next(t) == nil then
    return vim.empty_dict()
  end
  return t
end

--- The settings table as the server expects it (empty tables become JSON objects).
function M.normalize_settings(settings)
  local s = vim.deepcopy(settings or {})
  if s.rules ~= nil then
    s.rules = object(s.rules)
  end
  return object(s)
end

-- Options over defaults, key by key (a list given by the user replaces the default list).
local function merge_options(opts)
  return vim.tbl_extend("force", vim.deepcopy(M.defaults), opts or {})
end

--- The client configuration built from the options (a vim.lsp.Config on 0.11).
function M.client_config(opts)
  local o = merge_options(opts)
  local s = M.normalize_settings(o.settings)
  local config = {
    cmd = o.cmd,
    filetypes = o.filetypes,
    root_markers = o.root_markers,
    init_options = s,
    settings = { mlsd = s },
    handlers = { ["window/showMessage"] = show_message },
  }
  if o.on_attach then
    config.on_attach = o.on_attach
  end
  if o.on_init then
    config.on_init = o.on_init
  end
  if o.capabilities then
    -- Over the full defaults: Neovim 0.10 would take a partial table as the whole set.
    config.capabilities =
      vim.tbl_deep_extend("force", vim.lsp.protocol.make_client_capabilities(), o.capabilities)
  end
  -- Diagnostics need nothing here: the server pushes them and, unless its settings ask for
  -- `pullDiagnostics`, offers no pull provider, so Neovim shows each finding once.
  return config
end

--- The mlsd client attached to a buffer (0 or nil: the current one), if any.
function M.client(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ bufnr = bufnr, name = NAME })[1]
end

--- Runs a server command (workspace/executeCommand) for a buffer. Edits the server sends
--- back arrive as workspace/applyEdit and are applied by Neovim's own handler.
function M.exec(command, arguments, bufnr, on_result)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.client(bufnr)
  if not client then
    notify("not attached to this buffer (is it Markdown, and is `mlsd` installed?)", vim.log.levels.WARN)
    return false
  end
  local handler = function(err, result)
    if err then
      notify(command .. " failed: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    end
    if on_result then
      on_result(err, result)
    end
  end
  if client.exec_cmd then
    client:exec_cmd({ title = command, command = command, arguments = arguments }, { bufnr = bufnr }, handler)
  else
    -- Neovim 0.10
    client.request("workspace/executeCommand", { command = command, arguments = arguments }, handler, bufnr)
  end
  return true
end

local function uri_of(bufnr)
  return vim.uri_from_bufnr(bufnr)
end

-- What to say when a document command answers `{ edit = false }`: the server had nothing to
-- do and sends no edit. (With `{ edit = true }` the edit follows as workspace/applyEdit and
-- Neovim applies it; servers older than this answer sent nil, which says nothing.)
local nothing_to_do = {
  ["mlsd.insertSkeleton"] = "there is no skeleton to insert into this draft",
  ["mlsd.fixAll"] = "nothing to fix",
  ["mlsd.addMissingSections"] = "the draft already has every section",
}

local function document_command(command, bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  return M.exec(command, { uri_of(bufnr) }, bufnr, function(err, result)
    if not err and type(result) == "table" and result.edit == false then
      notify(nothing_to_do[command])
    end
  end)
end

--- Inserts the interview skeleton into the (empty) draft.
function M.insert_skeleton(bufnr)
  return document_command("mlsd.insertSkeleton", bufnr)
end

--- Applies every safe fix (the same as `mlsd check --fix`).
function M.fix_all(bufnr)
  return document_command("mlsd.fixAll", bufnr)
end

--- Inserts every missing stage section at its place in interview order.
function M.add_missing_sections(bufnr)
  return document_command("mlsd.addMissingSections", bufnr)
end

-- The rule ids of mlsd's diagnostics in a buffer, on one line when `lnum` is given.
local function rule_ids(bufnr, lnum)
  local ids, seen = {}, {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, lnum and { lnum = lnum } or nil)) do
    if d.source == NAME and d.code and not seen[tostring(d.code)] then
      seen[tostring(d.code)] = true
      table.insert(ids, tostring(d.code))
    end
  end
  return ids
end

--- Shows a rule's documentation in a floating window. Without an id: the rule of the
--- first mlsd diagnostic on the cursor line.
function M.show_rule(id, bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if id == nil or id == "" then
    id = rule_ids(bufnr, vim.api.nvim_win_get_cursor(0)[1] - 1)[1]
    if not id then
      notify("no finding on this line; give a rule id, e.g. :MlsdRule missing-data", vim.log.levels.WARN)
      return false
    end
  end
  -- The summary may arrive before or after the reply (the server sends them on separate
  -- streams): expect it for a few seconds.
  local prefix = id .. ": "
  pending_rule_summary = prefix
  vim.defer_fn(function()
    if pending_rule_summary == prefix then
      pending_rule_summary = nil
    end
  end, 3000)
  return M.exec("mlsd.showRule", { id, uri_of(bufnr) }, bufnr, function(err, result)
    if not err and type(result) == "string" then
      vim.lsp.util.open_floating_preview(vim.split(result, "\n"), "markdown", { border = "rounded", focus_id = "mlsd-rule" })
    end
  end)
end

local SCORECARD = "mlsd.showScorecard"

-- Runs a server command whose answer is Markdown and shows it in a floating window.
local function markdown_float(client, bufnr, command, arguments, what, focus_id)
  local params = { command = command, arguments = arguments }
  local handler = function(err, result)
    if err then
      notify(what .. ": " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif type(result) == "string" then
      vim.lsp.util.open_floating_preview(vim.split(result, "\n"), "markdown",
        { border = "rounded", focus_id = focus_id })
    end
  end
  if vim.fn.has("nvim-0.11") == 1 then
    client:request("workspace/executeCommand", params, handler, bufnr)
  else
    client.request("workspace/executeCommand", params, handler, bufnr)
  end
end

--- Shows the draft's scorecard (six dimensions, fix first) in a floating window: the
--- server's `mlsd.showScorecard`, the same card `mlsd check` prints.
function M.show_score(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.client(bufnr)
  if not client then
    notify("not attached to this buffer (is it Markdown, and is `mlsd` installed?)", vim.log.levels.WARN)
    return false
  end
  -- Straight to the server: `exec_cmd` would find the client-side handler registered
  -- below (for the code lens) and call this function again.
  markdown_float(client, bufnr, SCORECARD, { uri_of(bufnr) }, "scorecard", "mlsd-score")
  return true
end

-- Clicking the score lens (vim.lsp.codelens.run) opens the same floating window.
vim.lsp.commands[SCORECARD] = function(_, ctx)
  M.show_score(ctx and ctx.bufnr or 0)
end

--- Shows the practice history (attempts, trends, the weakest dimension) in a floating
--- window: the server's `mlsd.showProgress`. With `question`, only the questions whose
--- title contains it. Attempts are recorded on save with `settings.recordOnSave = true`.
function M.show_progress(question, bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local client = M.client(bufnr)
  if not client then
    local get = vim.lsp.get_clients or vim.lsp.get_active_clients
    client = get({ name = NAME })[1]
  end
  if not client then
    notify("no mlsd server is running (open a Markdown draft first)", vim.log.levels.WARN)
    return false
  end
  local args = {}
  if question and question ~= "" then
    args = { question }
  end
  markdown_float(client, bufnr, "mlsd.showProgress", args, "progress", "mlsd-progress")
  return true
end

--- Sends new settings to every running mlsd client (replaces the settings object).
function M.update_settings(settings)
  local s = M.normalize_settings(settings)
  if M.options then
    M.options.settings = settings
  end
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in ipairs(get({ name = NAME })) do
    client.settings = { mlsd = s }
    if vim.fn.has("nvim-0.11") == 1 then
      client:notify("workspace/didChangeConfiguration", { settings = client.settings })
    else
      client.notify("workspace/didChangeConfiguration", { settings = client.settings })
    end
  end
end

local function define_commands()
  local cmd = vim.api.nvim_create_user_command
  cmd("MlsdSkeleton", function()
    M.insert_skeleton(0)
  end, { desc = "mlsd: insert the interview skeleton" })
  cmd("MlsdFixAll", function()
    M.fix_all(0)
  end, { desc = "mlsd: apply all safe fixes" })
  cmd("MlsdAddSections", function()
    M.add_missing_sections(0)
  end, { desc = "mlsd: add all missing sections" })
  cmd("MlsdScore", function()
    M.show_score(0)
  end, { desc = "mlsd: show the draft's scorecard" })
  cmd("MlsdProgress", function(a)
    M.show_progress(a.args, 0)
  end, { nargs = "?", desc = "mlsd: show the practice history (optionally one question)" })
  cmd("MlsdRule", function(a)
    M.show_rule(a.args, 0)
  end, {
    nargs = "?",
    desc = "mlsd: show a rule's documentation",
    complete = function()
      return rule_ids(vim.api.nvim_get_current_buf())
    end,
  })
end

-- Code lenses: refresh now and whenever the buffer is entered or edited.
local function watch_codelens(bufnr, client)
  if not vim.lsp.codelens or not client.server_capabilities.codeLensProvider then
    return
  end
  local group = vim.api.nvim_create_augroup("mlsd_codelens_" .. bufnr, { clear = true })
  local refresh = function()
    if M.client(bufnr) then
      vim.lsp.codelens.refresh({ bufnr = bufnr })
    end
  end
  vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "TextChanged" }, {
    group = group,
    buffer = bufnr,
    callback = refresh,
  })
  refresh()
end

-- Diagnostics: the `diagnostics` option for the client's namespaces (push, and pull when
-- the server was asked to use it).
local function configure_diagnostics(client)
  local opts = M.options and M.options.diagnostics
  if not opts or not vim.lsp.diagnostic or not vim.lsp.diagnostic.get_namespace then
    return
  end
  vim.diagnostic.config(opts, vim.lsp.diagnostic.get_namespace(client.id, false))
  if client.server_capabilities.diagnosticProvider then
    vim.diagnostic.config(opts, vim.lsp.diagnostic.get_namespace(client.id, true))
  end
end

-- Completion: vim.lsp.completion with snippet expansion for this buffer (Neovim 0.11).
local function enable_completion(bufnr, client)
  local opts = M.options and M.options.completion
  if not opts or not (vim.lsp.completion and vim.lsp.completion.enable)
    or not client.server_capabilities.completionProvider then
    return
  end
  local autotrigger = type(opts) == "table" and opts.autotrigger == true
  vim.lsp.completion.enable(true, client.id, bufnr, { autotrigger = autotrigger })
end

local function on_lsp_attach(args)
  local client = args.data and vim.lsp.get_client_by_id(args.data.client_id)
  if not client or client.name ~= NAME then
    return
  end
  configure_diagnostics(client)
  enable_completion(args.buf, client)
  if M.options and M.options.codelens then
    watch_codelens(args.buf, client)
  end
end

local function on_lsp_detach(args)
  local client = args.data and vim.lsp.get_client_by_id(args.data.client_id)
  if client and client.name == NAME then
    pcall(vim.api.nvim_del_augroup_by_name, "mlsd_codelens_" .. args.buf)
  end
end

-- Neovim 0.10: start (or reuse) a client for each buffer of a matching filetype.
local function setup_fallback(config)
  vim.api.nvim_create_autocmd("FileType", {
    group = augroup,
    pattern = config.filetypes,
    callback = function(args)
      if vim.bo[args.buf].buftype ~= "" then
        return
      end
      local start = vim.tbl_extend("force", {}, config, {
        name = NAME,
        root_dir = vim.fs.root(args.buf, config.root_markers),
      })
      start.filetypes, start.root_markers = nil, nil
      vim.lsp.start(start, { bufnr = args.buf })
    end,
  })
  -- Buffers of a matching filetype that were open before setup.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(config.filetypes, vim.bo[buf].filetype) then
      vim.api.nvim_exec_autocmds("FileType", { group = augroup, buffer = buf })
    end
  end
end

--- Configures and enables the mlsd language server. Call once, from your config.
function M.setup(opts)
  M.options = merge_options(opts)
  local o = M.options
  local config = M.client_config(o)

  if type(o.cmd) == "table" and vim.fn.executable(o.cmd[1]) == 0 then
    notify(
      ("`%s` is not executable. Install it with `cargo install --path .` in a checkout of mlsd, "
        .. "or point `cmd` at the binary: require('mlsd').setup({ cmd = { '/path/to/mlsd', 'server' } })"):format(o.cmd[1]),
      vim.log.levels.WARN
    )
  end

  vim.api.nvim_clear_autocmds({ group = augroup })
  vim.api.nvim_create_autocmd("LspAttach", { group = augroup, callback = on_lsp_attach })
  vim.api.nvim_create_autocmd("LspDetach", { group = augroup, callback = on_lsp_detach })
  if o.commands then
    define_commands()
  end

  if has_lsp_config() then
    -- vim.lsp.enable also attaches to matching buffers that are already open.
    vim.lsp.config(NAME, config)
    vim.lsp.enable(NAME)
  else
    setup_fallback(config)
  end
  return M
end

return M
