import { ServerCommand } from './protocol';

interface CommandLike {
  command: string;
  arguments?: unknown[];
}

/** The suggestion id the server put into an inline completion item's `codeassist.accept` command, if any. */
export function suggestionIdOf(command: CommandLike | string | undefined): string | undefined {
  if (typeof command !== 'object' || command.command !== ServerCommand.accept) {
    return undefined;
  }
  const [argument] = command.arguments ?? [];
  const id = (argument as { suggestionId?: unknown } | undefined)?.suggestionId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Remembers the suggestion VS Code shows as ghost text: the first item of the latest inline completion result.
 * VS Code's stable API has no rejection callback, so Escape is bound to a command that reports this one as dismissed.
 */
export class VisibleSuggestion {
  private id: string | undefined;

  remember(items: readonly { command?: CommandLike | string }[]): void {
    this.id = items.length > 0 ? suggestionIdOf(items[0]?.command) : undefined;
  }

  take(): string | undefined {
    const id = this.id;
    this.id = undefined;
    return id;
  }
}
