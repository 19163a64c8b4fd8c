// Shapes of the messages exchanged with the codeassist server (see the server's LSP contract).

export type ServerState = 'loading' | 'ready' | 'error' | 'off';

/** Payload of the server -> client notification `codeassist/status`. */
export interface ServerStatus {
  state: ServerState;
  /** Active format label; null in blind A/B mode. */
  format: string | null;
  // Optional fields may also arrive as null (the server serializes absent values either way).
  message?: string | null;
  lastLatencyMs?: number | null;
  tokensPerSecond?: number | null;
  /** Model loading progress, 0..1. */
  progress?: number | null;
}

export const StatusNotification = 'codeassist/status';

/** Sent when the user trusts the folder, so the server loads its projects with MSBuild without a restart. */
export const DidGrantWorkspaceTrust = 'codeassist/didGrantWorkspaceTrust';

export const ServerCommand = {
  accept: 'codeassist.accept',
  dismiss: 'codeassist.dismiss',
  exportTelemetry: 'codeassist.exportTelemetry',
  formatReport: 'codeassist.formatReport',
  refactor: 'codeassist.refactor',
} as const;

export type ExportFormat = 'csv' | 'jsonl' | 'parquet';

export interface ExportResult {
  path: string;
  rows: number;
}

export interface RateEstimate {
  rate: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

export interface FormatStats {
  label: string;
  sha256: string;
  fileType: string | null;
  architecture: string | null;
  shown: number;
  accepted: number;
  acceptance: RateEstimate;
  buildSuccess: RateEstimate;
  /** Verdict -> count; verdicts that never occurred may be missing. */
  verdicts: Partial<Record<'compiles' | 'introduces-errors' | 'syntax-error' | 'unchecked', number>>;
  survival: Partial<Record<'30s' | '2m' | '10m', number | null>>;
  latencyMs: {
    firstTokenP50: number | null;
    firstTokenP95: number | null;
    totalP50: number | null;
    totalP95: number | null;
  };
  tokensPerSecond: number | null;
}

export interface Comparison {
  a: string;
  b: string;
  metric: string;
  difference: number | null;
  low: number | null;
  high: number | null;
  pValue: number | null;
  test: string | null;
  /** False when either side is below the minimum sample size. */
  enoughData?: boolean;
}

export interface FormatReport {
  generatedAt: string;
  isDemo: boolean;
  minSampleSize: number;
  formats: FormatStats[];
  comparisons: Comparison[];
}

/** Sends `workspace/executeCommand` to the server; implemented by the language client, faked in tests. */
export interface ServerCommands {
  execute<T>(command: string, args: unknown[]): Promise<T>;
}

/**
 * The report as the server's own renderers show it: a rate over fewer than minSampleSize samples, and a comparison
 * involving one, reads "not enough data" (null), even where the server computed it.
 */
export function withMinimumSample(report: FormatReport): FormatReport {
  const stated = (estimate: RateEstimate): RateEstimate =>
    estimate.n < report.minSampleSize ? { ...estimate, rate: null, low: null, high: null } : estimate;
  return {
    ...report,
    formats: report.formats.map((format) => ({ ...format, acceptance: stated(format.acceptance), buildSuccess: stated(format.buildSuccess) })),
    comparisons: report.comparisons.map((comparison) =>
      comparison.enoughData === false ? { ...comparison, difference: null, low: null, high: null, pValue: null } : comparison,
    ),
  };
}
