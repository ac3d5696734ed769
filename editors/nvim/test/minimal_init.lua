-- Minimal init for the headless end-to-end test: only this plugin on the runtimepath, set up
-- with the mlsd binary under test. Run by editors/nvim/test/run.sh.
local plugin = assert(os.getenv("MLSD_NVIM_PLUGIN"), "MLSD_NVIM_PLUGIN is not set")
local bin = assert(os.getenv("MLSD_BIN"), "MLSD_BIN is not set")

vim.opt.runtimepath:prepend(plugin)
vim.opt.swapfile = false
vim.opt.showmode = false
vim.opt.shortmess:append("I")
-- No "match 1 of 5" from the completion test: headless Neovim writes it without a line break,
-- in front of the next PASS line.
vim.opt.shortmess:append("c")

-- Keep every window/logMessage the server sends, so the test can look for settings warnings.
_G.mlsd_test_logs = {}
local log_message = vim.lsp.handlers["window/logMessage"]
vim.lsp.handlers["window/logMessage"] = function(err, result, ctx)
  table.insert(_G.mlsd_test_logs, result and result.message or "")
  return log_message(err, result, ctx)
end

-- Keep every vim.notify message too (the commands report "nothing to do" that way), and
-- print it on a line of its own: headless Neovim would write it without a line break, in
-- front of the next PASS line.
_G.mlsd_test_notes = {}
vim.notify = function(msg)
  table.insert(_G.mlsd_test_notes, tostring(msg))
  io.stdout:write("notify: ", tostring(msg), "\n")
end

-- MLSD_NVIM_MODE=start hides vim.lsp.config/enable so that setup() takes the vim.lsp.start
-- fallback meant for Neovim 0.10 (run here on 0.11's API; 0.10 itself is not installable).
if os.getenv("MLSD_NVIM_MODE") == "start" then
  vim.lsp.config = nil
  vim.lsp.enable = nil
end

require("mlsd").setup({
  cmd = { bin, "server" },
  -- One rule switched off through the editor settings, to prove they reach the server.
  settings = { rules = { ["missing-diagram"] = "off" } },
  -- The default display (virtual text) on one setup path, virtual lines on the other, to
  -- prove the option reaches vim.diagnostic.
  diagnostics = os.getenv("MLSD_NVIM_MODE") == "start" and { virtual_lines = true } or nil,
})
