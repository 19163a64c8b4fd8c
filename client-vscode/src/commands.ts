/** Client-side command ids (contributed in package.json); distinct from the server's `codeassist.*` executeCommand ids. */
export const Commands = {
  exportTelemetry: 'codeassist.exportAcceptanceTelemetry',
  showReport: 'codeassist.showFormatReport',
  switchFormat: 'codeassist.switchQuantFormat',
  restartServer: 'codeassist.restartServer',
  showLogs: 'codeassist.showLogs',
  dismissSuggestion: 'codeassist.dismissInlineSuggestion',
} as const;
