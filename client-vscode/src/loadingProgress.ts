import * as vscode from 'vscode';
import type { ServerStatus } from './protocol';

/** A progress notification that lives while the server reports `loading` and closes on any other state. */
export class LoadingProgress implements vscode.Disposable {
  private finish: (() => void) | undefined;
  private report: ((value: { message?: string; increment?: number }) => void) | undefined;
  private reported = 0;

  update(status: ServerStatus): void {
    if (status.state !== 'loading') {
      this.dispose();
      return;
    }
    if (this.finish === undefined) {
      this.open(status.format);
    }
    const fraction = status.progress ?? 0;
    const increment = Math.max(0, fraction * 100 - this.reported);
    this.reported += increment;
    this.report?.({ message: status.message, increment });
  }

  private open(format: string | null): void {
    this.reported = 0;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `CodeAssist: loading ${format ?? 'model'}` },
      (progress) =>
        new Promise<void>((resolve) => {
          this.report = (value) => progress.report(value);
          this.finish = resolve;
        }),
    );
  }

  dispose(): void {
    this.finish?.();
    this.finish = undefined;
    this.report = undefined;
  }
}
