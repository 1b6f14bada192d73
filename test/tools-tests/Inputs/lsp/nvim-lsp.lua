-- Headless Neovim (0.7+) with its built-in LSP client and sysopt-clangd:
-- prints each diagnostic of the opened file as "line code message".
local server, file = _G.sysopt_server, _G.sysopt_file
local client = vim.lsp.start_client({
  cmd = { server, '--background-index=0' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
})
vim.cmd('edit ' .. file)
vim.bo.filetype = 'cuda'
vim.lsp.buf_attach_client(0, client)
local ok = vim.wait(60000, function()
  return #vim.diagnostic.get(0) > 0
end, 100)
for _, d in ipairs(vim.diagnostic.get(0)) do
  io.stdout:write(string.format('nvim %d:%d %s | %s\n', d.lnum + 1, d.col + 1,
                                tostring(d.code), d.message))
end
if not ok then io.stdout:write('nvim: no diagnostics\n') end
vim.lsp.stop_client(client)
vim.cmd('qa!')
