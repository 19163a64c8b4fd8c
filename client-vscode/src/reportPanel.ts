import * as vscode from 'vscode';
import { ServerCommand, type FormatReport, type ServerCommands } from './protocol';
import { renderReportHtml } from './reportHtml';

/** Show Format Report: asks the server for the report and renders it in one reusable webview panel. */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  async show(server: ServerCommands): Promise<void> {
    const report = await server.execute<FormatReport>(ServerCommand.formatReport, []);
    if (this.panel === undefined) {
      this.panel = vscode.window.createWebviewPanel('codeassist.report', 'CodeAssist Format Report', vscode.ViewColumn.Active, {
        enableScripts: false,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal();
    }
    this.panel.webview.html = renderReportHtml(report, this.panel.webview.cspSource);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
