import * as vscode from 'vscode';
import type { ServerStatus } from './protocol';

interface Session {
  reported: number;
  closed: boolean;
  report?: (value: { message?: string; increment?: number }) => void;
  finish?: () => void;
}

/** A progress notification that lives while the server reports `loading` and closes on any other state. */
export class LoadingProgress implements vscode.Disposable {
  private session: Session | undefined;

  update(status: ServerStatus): void {
    if (status.state !== 'loading') {
      this.dispose();
      return;
    }
    const session = this.session ?? this.open(status.format);
    const increment = Math.max(0, (status.progress ?? 0) * 100 - session.reported);
    session.reported += increment;
    session.report?.({ message: status.message ?? undefined, increment });
  }

  private open(format: string | null): Session {
    const session: Session = { reported: 0, closed: false };
    this.session = session;
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `CodeAssist: loading ${format ?? 'model'}` },
      (progress) =>
        new Promise<void>((resolve) => {
          if (session.closed) {
            resolve();
            return;
          }
          session.report = (value) => progress.report(value);
          session.finish = resolve;
        }),
    );
    return session;
  }

  dispose(): void {
    if (this.session !== undefined) {
      this.session.closed = true;
      this.session.finish?.();
      this.session = undefined;
    }
  }
}
