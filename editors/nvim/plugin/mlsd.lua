-- mlsd: nothing starts here. Call require("mlsd").setup({...}) from your config; see :help mlsd.
if vim.g.loaded_mlsd then
  return
end
vim.g.loaded_mlsd = 1
