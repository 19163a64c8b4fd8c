-- Drives codeassist from a real Neovim (0.7+): start the client, attach the .cs buffer, edit it, ask for completion,
-- check the server's copy of the text, write what happened to $RESULT_FILE as JSON, quit.
-- With $MODEL_PATH the server hosts that model; the test seam then supplies the model's raw answer.
local server = os.getenv('CODEASSIST_BIN')
local result_file = os.getenv('RESULT_FILE')
local model = os.getenv('MODEL_PATH')
local report = { steps = {} }

local function finish(code)
  report.exit_code = code
  local f = assert(io.open(result_file, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
  vim.cmd(code == 0 and 'qa!' or 'cquit!')
end

local function step(name) table.insert(report.steps, name) end

local function wait_until(ready, then_do)
  if ready() then then_do() else vim.defer_fn(function() wait_until(ready, then_do) end, 50) end
end

vim.defer_fn(function()
  report.error = 'timed out'
  finish(3)
end, 90000)

local settings = { verify = 'filter' }
if model then
  settings = { models = { Q8_0 = model }, quantFormat = 'Q8_0', threads = 1, verify = 'annotate', verifyBudgetMs = 20000 }
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local bufnr = vim.api.nvim_get_current_buf()
    local client_id = vim.lsp.start_client({
      name = 'codeassist',
      cmd = { server, 'serve' },
      root_dir = vim.fn.getcwd(),
      settings = { codeassist = settings },
      handlers = {
        ['codeassist/status'] = function(_, status)
          if status.state == 'ready' then report.model_ready = true end
        end,
      },
      on_init = function(client, initialize_result)
        -- Neovim 0.7 does not answer workspace/configuration pulls for us; settings are pushed, as its docs advise.
        client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
        report.server_name = initialize_result.serverInfo.name
        report.position_encoding = initialize_result.capabilities.positionEncoding
        step('initialized')
      end,
      on_exit = function(code) report.server_exit_code = code end,
    })
    vim.lsp.buf_attach_client(bufnr, client_id)

    local function client() return vim.lsp.get_client_by_id(client_id) end
    wait_until(function() return client() and client().initialized and (not model or report.model_ready) end, function()
      local c = client()
      -- Edits as a user makes them: a statement in the method, typing on it, then a new empty line.
      vim.api.nvim_buf_set_lines(bufnr, 4, 4, false, { '        var total = 0;' })
      vim.api.nvim_buf_set_text(bufnr, 4, 21, 4, 22, { '41 + 1;', '        total++;' })
      vim.api.nvim_buf_set_lines(bufnr, 6, 6, false, { '        ' })
      step('edited')
      vim.defer_fn(function()
        local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = 6, character = 8 } }
        local function ask()
          c.request('textDocument/completion', params, function(err, result)
            report.completion_error = err
            report.completion = result
            step('completion answered')
            local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
            report.buffer_sha256 = vim.fn.sha256(text)
            c.request('codeassist/documentState', { textDocument = params.textDocument }, function(state_err, state)
              report.state_error = state_err
              report.server_sha256 = state and state.sha256
              report.server_version = state and state.version
              step('state answered')
              c.stop()
              vim.defer_fn(function() finish(0) end, 500)
            end, bufnr)
          end, bufnr)
        end
        if model then
          c.request('codeassist/test/injectCompletion', { text = 'return total;' }, function() ask() end, bufnr)
        else
          ask()
        end
      end, 400)
    end)
  end,
})
