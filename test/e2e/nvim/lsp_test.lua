-- Neovim (0.7.2 and newer) headless LSP smoke test of `node dist/server.js --stdio`: runs the completion, hover and
-- diagnostics cases of test/e2e/cases.json against the scratch copy of test/e2e/fixtures/ in $E2E_WS.
-- Run by scripts/e2e/run-nvim.sh:  nvim --headless --clean -c "luafile test/e2e/nvim/lsp_test.lua"
-- Uses only the 0.7 API (vim.lsp.start_client, buf_attach_client, buf_request_sync).
local root = vim.fn.getcwd()
local ws = assert(os.getenv('E2E_WS'), 'E2E_WS (scratch workspace) not set')
local server = { 'node', root .. '/dist/server.js', '--stdio' }
local spec = vim.fn.json_decode(table.concat(vim.fn.readfile(root .. '/test/e2e/cases.json'), '\n'))
local only = os.getenv('E2E_CASES')
local function out(s) io.stdout:write(s .. '\n') end

local published = {} -- uri -> raw LSP diagnostics, as the server sent them
local client_id = vim.lsp.start_client({
  name = 'tre-catalogue',
  cmd = server,
  root_dir = ws,
  handlers = {
    ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
      published[result.uri] = result.diagnostics
      return vim.lsp.handlers['textDocument/publishDiagnostics'](err, result, ctx, config)
    end,
  },
})
if not client_id then out('FAIL nvim: start_client'); vim.cmd('cquit 1') end
if not vim.wait(15000, function() local c = vim.lsp.get_client_by_id(client_id); return c and c.initialized end, 50) then
  out('FAIL nvim: initialize timeout'); vim.cmd('cquit 1')
end
out('server: ' .. vim.inspect(vim.lsp.get_client_by_id(client_id).server_capabilities and 'initialized'))

local function open(c)
  local file = ws .. '/' .. c.fixture
  vim.cmd('edit! ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  local ext = c.fixture:match('%.([^.]+)$')
  vim.bo[bufnr].filetype = c.language or spec.languages[ext] or ext
  vim.lsp.buf_attach_client(bufnr, client_id)
  return bufnr, vim.uri_from_bufnr(bufnr)
end

-- `at`: a piece of the file with | at the caret -> LSP position (fixtures are ASCII: bytes = UTF-16 units)
local function caret(bufnr, at)
  local bar = at:find('|', 1, true)
  local needle = at:sub(1, bar - 1) .. at:sub(bar + 1)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local s = line:find(needle, 1, true)
    if s then return { line = i - 1, character = s - 1 + bar - 1 } end
  end
  error('"' .. needle .. '" not found')
end

local function text_of(bufnr, range)
  local line = vim.api.nvim_buf_get_lines(bufnr, range.start.line, range.start.line + 1, false)[1] or ''
  return line:sub(range.start.character + 1, range['end'].character)
end

local function request(bufnr, method, params)
  local res, err = vim.lsp.buf_request_sync(bufnr, method, params, 10000)
  if not res then error(method .. ': ' .. tostring(err)) end
  for _, r in pairs(res) do
    if r.err then error(method .. ': ' .. vim.inspect(r.err)) end
    return r.result
  end
end

local checks = {}
function checks.completion(c)
  local bufnr, uri = open(c)
  local result = request(bufnr, 'textDocument/completion', { textDocument = { uri = uri }, position = caret(bufnr, c.at) })
  local labels = {}
  for _, it in ipairs((result and (result.items or result)) or {}) do labels[it.label] = true end
  for _, l in ipairs(c.includes) do if not labels[l] then error('missing completion ' .. l) end end
  return vim.tbl_count(labels) .. ' items, e.g. ' .. table.concat(c.includes, ', ')
end
function checks.hover(c)
  local bufnr, uri = open(c)
  local result = request(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = caret(bufnr, c.at) })
  local contents = result and result.contents or {}
  local text = type(contents) == 'string' and contents or contents.value or vim.inspect(contents)
  if not text:find(c.matches, 1, true) then error('hover lacks "' .. c.matches .. '": ' .. text:sub(1, 200)) end
  return (text:gsub('\n.*', '')):sub(1, 100)
end
function checks.diagnostics(c)
  local bufnr, uri = open(c)
  local got, want, stable_since = {}, table.concat(c.expect, "; "), vim.loop.now()
  vim.wait(20000, function()
    if published[uri] == nil then return false end
    local now = {}
    for _, d in ipairs(published[uri]) do
      if d.source == 'tre-catalogue' then table.insert(now, tostring(d.code) .. ' ' .. text_of(bufnr, d.range)) end
    end
    local s = table.concat(now, '; ')
    if s ~= want or s ~= table.concat(got, '; ') then stable_since = vim.loop.now() end
    got = now
    return s == want and vim.loop.now() - stable_since >= 1000
  end, 100)
  if table.concat(got, '; ') ~= want then error('diagnostics: got [' .. table.concat(got, '; ') .. '], want [' .. want .. ']') end
  return #got > 0 and want or 'none'
end

local passed, failed = 0, 0
for _, c in ipairs(spec.cases) do
  if checks[c.check] and (not only or vim.fn.match(c.name, only) >= 0) then
    local t = vim.loop.now()
    local ok, detail = pcall(checks[c.check], c)
    if ok then passed = passed + 1; out(string.format('PASS %s (%d ms): %s', c.name, vim.loop.now() - t, detail))
    else failed = failed + 1; out('FAIL ' .. c.name .. ': ' .. tostring(detail)) end
  end
end
vim.lsp.stop_client(client_id)
vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
out(string.format('e2e-result: nvim %d passed, %d failed', passed, failed))
vim.cmd((failed == 0 and passed > 0) and 'qall!' or 'cquit 1')
