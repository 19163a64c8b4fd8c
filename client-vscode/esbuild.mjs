// Bundles the extension (and vscode-languageclient) into dist/extension.js; `vscode` is provided by the host.
import { build } from 'esbuild';

await build({
  entryPoints: ['client-vscode/src/extension.ts'],
  outfile: 'dist/extension.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: true,
  minify: process.env.NODE_ENV === 'production',
  logLevel: 'warning',
});
