import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { Commands } from './commands';
import { exportTelemetry } from './exportTelemetry';
import { LoadingProgress } from './loadingProgress';
import { DidGrantWorkspaceTrust, ServerCommand, StatusNotification, type ServerCommands, type ServerStatus } from './protocol';
import { ReportPanel } from './reportPanel';
import { RestartPolicy } from './restartPolicy';
import { formatLabels, readClientSettings, serverLaunch, settingsProblem, type ClientSettings } from './settings';
import { quantFormatValueInsertion } from './settingsJsonCompletion';
import { VisibleSuggestion } from './visibleSuggestion';
import { errorView, startingView, statusBarView, type StatusBarView } from './statusBar';
import { withInstruction } from './refactorInstruction';

const section = 'codeassist';

function currentSettings(): ClientSettings {
  const configuration = vscode.workspace.getConfiguration(section);
  return readClientSettings((key, fallback) => configuration.get(key, fallback));
}

class CodeAssistExtension implements vscode.Disposable {
  private readonly log = vscode.window.createOutputChannel('CodeAssist', { log: true });
  private readonly statusItem = vscode.window.createStatusBarItem('codeassist.status', vscode.StatusBarAlignment.Right, 100);
  private readonly loading = new LoadingProgress();
  private readonly report = new ReportPanel();
  private readonly visibleSuggestion = new VisibleSuggestion();
  private restartPolicy = new RestartPolicy();
  private client: LanguageClient | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.statusItem.name = 'CodeAssist';
    this.statusItem.command = Commands.switchFormat;
    this.show(startingView());
    this.statusItem.show();
  }

  /** Sends `workspace/executeCommand` straight to the running server. */
  readonly server: ServerCommands = {
    execute: async <T>(command: string, args: unknown[]): Promise<T> => {
      if (this.client === undefined || !this.client.isRunning()) {
        throw new Error('the CodeAssist server is not running');
      }
      return (await this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })) as T;
    },
  };

  registerCommands(): void {
    const register = (id: string, run: () => unknown) =>
      this.context.subscriptions.push(vscode.commands.registerCommand(id, run));
    register(Commands.dismissSuggestion, () => this.dismissSuggestion());
    register(Commands.showLogs, () => this.log.show());
    register(Commands.restartServer, () => this.restart());
    register(Commands.switchFormat, () => this.switchFormat());
    register(Commands.showReport, () => this.showReport());
    register(Commands.exportTelemetry, () =>
      exportTelemetry(this.server, {
        pickTarget: async (filters) => {
          const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
          const uri = await vscode.window.showSaveDialog({
            title: 'Export Acceptance Telemetry',
            filters,
            defaultUri: folder ? vscode.Uri.joinPath(folder, 'codeassist-telemetry.csv') : undefined,
          });
          return uri?.fsPath;
        },
        info: (message) => void vscode.window.showInformationMessage(message),
        error: (message) => this.notifyError(message),
      }),
    );
    this.context.subscriptions.push(
      vscode.languages.registerCompletionItemProvider({ language: 'jsonc', pattern: '**/settings.json' }, {
        provideCompletionItems: (document, position) => {
          const before = document.lineAt(position.line).text.slice(0, position.character);
          const settings = currentSettings();
          return formatLabels(settings).flatMap((label) => {
            const insertText = quantFormatValueInsertion(before, label);
            if (insertText === undefined) {
              return [];
            }
            const item = new vscode.CompletionItem(label, vscode.CompletionItemKind.Value);
            item.insertText = insertText;
            item.detail = settings.models[label];
            return [item];
          });
        },
      }, '"', ':'),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`${section}.server.path`)) {
          void this.restart();
        } else if (event.affectsConfiguration(section)) {
          this.showSettingsProblem();
        }
      }),
    );
  }

  async start(): Promise<void> {
    const launch = serverLaunch(currentSettings(), this.context.extensionPath);
    if (!fs.existsSync(launch.command)) {
      this.fail(`server executable not found at ${launch.command}; set "codeassist.server.path".`);
      return;
    }
    this.show(startingView());
    this.log.info(`starting server: ${launch.command} ${launch.args.join(' ')}`);
    const serverOptions: ServerOptions = { command: launch.command, args: launch.args };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ scheme: 'file', language: 'csharp' }],
      synchronize: { configurationSection: section },
      // An untrusted folder is verified without MSBuild, which would run its build targets (VS Code's workspace trust).
      initializationOptions: { workspaceTrusted: vscode.workspace.isTrusted },
      outputChannel: this.log,
      middleware: {
        executeCommand: async (command, args, next) => {
          const completed = await withInstruction(command, args, () =>
            vscode.window.showInputBox({ prompt: 'How should CodeAssist rewrite this code?', placeHolder: 'e.g. use pattern matching' }),
          );
          return completed === undefined ? undefined : (next(command, completed) as unknown);
        },
        provideInlineCompletionItems: async (document, position, context, token, next) => {
          const result = await next(document, position, context, token);
          this.visibleSuggestion.remember(Array.isArray(result) ? result : (result?.items ?? []));
          return result;
        },
      },
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue }),
        closed: () => this.onServerClosed(),
      },
    };
    this.client = new LanguageClient(section, 'CodeAssist', serverOptions, clientOptions);
    this.client.onNotification(StatusNotification, (status: ServerStatus) => this.onStatus(status));
    this.context.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.client?.sendNotification(DidGrantWorkspaceTrust)),
    );
    try {
      await this.client.start();
      this.log.info('server started');
      this.showSettingsProblem();
    } catch (error) {
      this.fail(`server failed to start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.loading.dispose();
    if (client?.isRunning()) {
      await client.stop();
    }
    await client?.dispose();
  }

  private async restart(): Promise<void> {
    this.restartPolicy = new RestartPolicy();
    await this.stop();
    await this.start();
  }

  private onServerClosed() {
    if (this.restartPolicy.shouldRestart(Date.now())) {
      this.log.warn('server exited; restarting it');
      this.show(startingView());
      return { action: CloseAction.Restart, handled: true };
    }
    this.fail('the server crashed repeatedly and was not restarted; see the logs.');
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  private onStatus(status: ServerStatus): void {
    this.loading.update(status);
    // A failed load needs no message of ours: the server shows one itself (window/showMessage), to every client.
    this.show(statusBarView(status));
  }

  private showSettingsProblem(): void {
    const problem = settingsProblem(currentSettings());
    if (problem !== null) {
      this.fail(problem);
    }
  }

  private async switchFormat(): Promise<void> {
    const settings = currentSettings();
    const labels = formatLabels(settings);
    if (labels.length === 0) {
      this.notifyError('No models configured: add entries to "codeassist.models".');
      return;
    }
    const picked = await vscode.window.showQuickPick(
      labels.map((label) => ({
        label,
        description: label === settings.quantFormat ? 'active' : undefined,
        detail: settings.models[label],
      })),
      { title: 'CodeAssist: Switch Quant Format', placeHolder: 'Model to load' },
    );
    if (picked === undefined) {
      return;
    }
    const inspected = vscode.workspace.getConfiguration(section).inspect('quantFormat');
    const target =
      inspected?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(section).update('quantFormat', picked.label, target);
  }

  private async dismissSuggestion(): Promise<void> {
    await vscode.commands.executeCommand('editor.action.inlineSuggest.hide');
    const suggestionId = this.visibleSuggestion.take();
    if (suggestionId !== undefined) {
      await this.server.execute(ServerCommand.dismiss, [{ suggestionId }]).catch((error: unknown) => this.log.warn(`dismiss not reported: ${String(error)}`));
    }
  }

  private async showReport(): Promise<void> {
    try {
      await this.report.show(this.server);
    } catch (error) {
      this.notifyError(`cannot show the format report: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private fail(message: string): void {
    this.log.error(message);
    this.show(errorView(message));
    this.notifyError(message);
  }

  private notifyError(message: string): void {
    void vscode.window.showErrorMessage(`CodeAssist: ${message}`, 'Open Settings', 'Show Logs').then((action) => {
      if (action === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${this.context.extension.id}`);
      } else if (action === 'Show Logs') {
        this.log.show();
      }
    });
  }

  private show(view: StatusBarView): void {
    this.statusItem.text = view.text;
    this.statusItem.tooltip = view.tooltip;
    this.statusItem.accessibilityInformation = { label: view.tooltip };
    this.statusItem.backgroundColor = view.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.loading.dispose();
    this.report.dispose();
    this.statusItem.dispose();
    this.log.dispose();
  }
}

let extension: CodeAssistExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extension = new CodeAssistExtension(context);
  context.subscriptions.push(extension);
  extension.registerCommands();
  await extension.start();
}

export async function deactivate(): Promise<void> {
  await extension?.stop();
  extension = undefined;
}
