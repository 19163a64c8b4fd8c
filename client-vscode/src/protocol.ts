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
  /** False below the report's minimum sample size: the rate is shown as "not enough data". */
  enoughData?: boolean;
}

/** The rate when the sample is large enough to state it, null otherwise. */
export function statedRate(estimate: RateEstimate): number | null {
  return estimate.enoughData === false ? null : estimate.rate;
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
