import * as path from 'node:path';
import { ServerCommand, type ExportFormat, type ExportResult, type ServerCommands } from './protocol';

export const exportFilters: Record<string, string[]> = {
  CSV: ['csv'],
  'JSON Lines': ['jsonl'],
  Parquet: ['parquet'],
};

export function exportFormatOf(filePath: string): ExportFormat | null {
  switch (path.extname(filePath).toLowerCase()) {
    case '.csv':
      return 'csv';
    case '.jsonl':
      return 'jsonl';
    case '.parquet':
      return 'parquet';
    default:
      return null;
  }
}

export interface ExportUi {
  /** Asks where to save; undefined when the user cancels. */
  pickTarget(filters: Record<string, string[]>): Promise<string | undefined>;
  info(message: string): void;
  error(message: string): void;
}

/** Export Acceptance Telemetry: save dialog -> `codeassist.exportTelemetry` on the server -> confirmation. */
export async function exportTelemetry(server: ServerCommands, ui: ExportUi): Promise<ExportResult | undefined> {
  const target = await ui.pickTarget(exportFilters);
  if (target === undefined) {
    return undefined;
  }
  const format = exportFormatOf(target);
  if (format === null) {
    ui.error(`Cannot export to "${path.basename(target)}": use a .csv, .jsonl or .parquet file name.`);
    return undefined;
  }
  try {
    const result = await server.execute<ExportResult>(ServerCommand.exportTelemetry, [{ path: target, format }]);
    ui.info(`Exported ${result.rows} telemetry rows to ${result.path}.`);
    return result;
  } catch (error) {
    ui.error(`Telemetry export failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
