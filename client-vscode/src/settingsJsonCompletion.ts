/**
 * Where settings.json is being edited at the value of "codeassist.quantFormat", what to insert for a label.
 * Returns undefined elsewhere. VS Code cannot give a setting a dynamic enum, so settings.json gets completions instead.
 */
export function quantFormatValueInsertion(lineBeforeCursor: string, label: string): string | undefined {
  const match = /"codeassist\.quantFormat"\s*:\s*("?)[^"]*$/.exec(lineBeforeCursor);
  if (match === null) {
    return undefined;
  }
  return match[1] === '"' ? label : JSON.stringify(label);
}
