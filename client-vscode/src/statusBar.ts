import type { ServerStatus } from './protocol';

export interface StatusBarView {
  text: string;
  tooltip: string;
  isError: boolean;
}

const blindLabel = 'A/B (blind)';

function formatName(status: ServerStatus): string {
  return status.format ?? blindLabel;
}

function metrics(status: ServerStatus): string[] {
  const parts: string[] = [];
  if (status.lastLatencyMs != null) {
    parts.push(`${Math.round(status.lastLatencyMs)} ms`);
  }
  if (status.tokensPerSecond != null) {
    parts.push(`${status.tokensPerSecond.toFixed(1)} tok/s`);
  }
  return parts;
}

/** What the status bar item shows for a `codeassist/status` notification. */
export function statusBarView(status: ServerStatus): StatusBarView {
  const clickHint = 'Click to switch the quant format.';
  switch (status.state) {
    case 'loading': {
      const percent = status.progress != null ? ` ${Math.round(status.progress * 100)}%` : '';
      return {
        text: `$(sync~spin) ${formatName(status)} loading${percent}`,
        tooltip: `CodeAssist: loading ${formatName(status)}. ${status.message ?? ''}`.trim(),
        isError: false,
      };
    }
    case 'ready':
      return {
        text: ['$(sparkle) ' + formatName(status), ...metrics(status)].join(' · '),
        tooltip: `CodeAssist: ${formatName(status)} ready. ${clickHint}`,
        isError: false,
      };
    case 'error':
      return {
        text: `$(error) CodeAssist: ${status.message ?? 'error'}`,
        tooltip: `CodeAssist error: ${status.message ?? 'unknown'}. ${clickHint}`,
        isError: true,
      };
    case 'off':
      return {
        text: '$(circle-slash) CodeAssist off',
        tooltip: `CodeAssist is off. ${status.message ?? ''} ${clickHint}`.replace(/\s+/g, ' ').trim(),
        isError: false,
      };
  }
}

export function startingView(): StatusBarView {
  return { text: '$(sync~spin) CodeAssist starting', tooltip: 'CodeAssist: starting the server.', isError: false };
}

export function errorView(message: string): StatusBarView {
  return statusBarView({ state: 'error', format: null, message });
}
