import { ServerCommand } from './protocol';

/**
 * Completes the arguments of a server command before it is sent: a free-form refactoring (arguments [actionData,
 * instruction]) without an instruction asks the user for one (an input box). Returns undefined when the user cancels,
 * so nothing is sent.
 */
export async function withInstruction(
  command: string,
  args: unknown[],
  ask: () => PromiseLike<string | undefined>,
): Promise<unknown[] | undefined> {
  if (command !== ServerCommand.refactor || (args.length > 1 && typeof args[1] === 'string' && args[1].trim() !== '')) {
    return args;
  }
  const instruction = (await ask())?.trim();
  return instruction ? [args[0], instruction] : undefined;
}
