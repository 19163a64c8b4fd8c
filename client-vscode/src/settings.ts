import * as path from 'node:path';

/** The `codeassist.*` settings the client itself acts on (the server pulls all of them via workspace/configuration). */
export interface ClientSettings {
  quantFormat: string;
  models: Record<string, string>;
  abTest: boolean;
  serverPath: string;
}

export type SettingReader = <T>(key: string, fallback: T) => T;

export function readClientSettings(get: SettingReader): ClientSettings {
  return {
    quantFormat: get('quantFormat', ''),
    models: sanitizeModels(get<unknown>('models', {})),
    abTest: get('abTest', false),
    serverPath: get('server.path', ''),
  };
}

/** Keeps only label -> non-empty string path entries; settings.json is hand-edited and may hold anything. */
export function sanitizeModels(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {};
  }
  const models: Record<string, string> = {};
  for (const [label, modelPath] of Object.entries(value)) {
    if (typeof modelPath === 'string' && modelPath.trim() !== '') {
      models[label] = modelPath;
    }
  }
  return models;
}

export function formatLabels(settings: ClientSettings): string[] {
  return Object.keys(settings.models);
}

export interface ServerLaunch {
  command: string;
  args: string[];
}

export const bundledServerRelativePath = path.join('dist', 'server', 'codeassist');

/** `codeassist.server.path` wins; otherwise the server published into the extension (`npm run package`). */
export function serverLaunch(settings: ClientSettings, extensionPath: string): ServerLaunch {
  const configured = settings.serverPath.trim();
  const command = configured !== '' ? configured : path.join(extensionPath, bundledServerRelativePath);
  return { command, args: ['serve', '--stdio'] };
}

/** A problem the user can fix in the settings, found before the server is asked; null when none. */
export function settingsProblem(settings: ClientSettings): string | null {
  const labels = formatLabels(settings);
  if (labels.length === 0) {
    return 'No models configured: add label → GGUF path (or llama-server model name) entries to "codeassist.models".';
  }
  if (!settings.abTest && settings.quantFormat !== '' && !labels.includes(settings.quantFormat)) {
    return `Quant format "${settings.quantFormat}" is not one of the configured models (${labels.join(', ')}).`;
  }
  return null;
}
