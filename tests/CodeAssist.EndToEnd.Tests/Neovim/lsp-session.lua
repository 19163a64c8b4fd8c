-- Drives codeassist from a real Neovim (0.7+): start the client, attach the .cs buffer, edit it, ask for completion,
-- check the server's copy of the text, write what happened to $RESULT_FILE as JSON, quit.
local server = os.getenv('CODEASSIST_BIN')
local result_file = os.getenv('RESULT_FILE')
local report = { steps = {} }

local function finish(code)
  report.exit_code = code
  local f = assert(io.open(result_file, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
  vim.cmd(code == 0 and 'qa!' or 'cquit!')
end

local function step(name) table.insert(report.steps, name) end

vim.defer_fn(function()
  report.error = 'timed out'
  finish(3)
end, 90000)

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local bufnr = vim.api.nvim_get_current_buf()
    local client_id = vim.lsp.start_client({
      name = 'codeassist',
      cmd = { server, 'serve' },
      root_dir = vim.fn.getcwd(),
      settings = { codeassist = { verify = 'filter' } },
      on_init = function(client, initialize_result)
        report.server_name = initialize_result.serverInfo.name
        report.position_encoding = initialize_result.capabilities.positionEncoding
        step('initialized')
      end,
      on_exit = function(code) report.server_exit_code = code end,
    })
    report.client_id = client_id
    vim.lsp.buf_attach_client(bufnr, client_id)

    local function wait_for_client(then_do)
      local client = vim.lsp.get_client_by_id(client_id)
      if client and client.initialized then then_do(client) else vim.defer_fn(function() wait_for_client(then_do) end, 50) end
    end

    wait_for_client(function(client)
      -- Edits as a user makes them: a new line in the method, then typing on it.
      vim.api.nvim_buf_set_lines(bufnr, 4, 4, false, { '        var total = 0;' })
      vim.api.nvim_buf_set_text(bufnr, 4, 21, 4, 22, { '41 + 1;', '        total++;' })
      step('edited')
      vim.defer_fn(function()
        local params = vim.lsp.util.make_position_params()
        params.position = { line = 5, character = 16 }
        client.request('textDocument/completion', params, function(err, result)
          report.completion_error = err
          report.completion = result
          step('completion answered')
          local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
          report.buffer_sha256 = vim.fn.sha256(text)
          client.request('codeassist/documentState', { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }, function(state_err, state)
            report.state_error = state_err
            report.server_sha256 = state and state.sha256
            report.server_version = state and state.version
            step('state answered')
            client.stop()
            vim.defer_fn(function() finish(0) end, 500)
          end, bufnr)
        end, bufnr)
      end, 400)
    end)
  end,
})
