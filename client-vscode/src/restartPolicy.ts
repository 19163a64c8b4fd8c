/** Decides whether a crashed server is restarted: at most `maxRestarts` crashes within `windowMs`. */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    private readonly maxRestarts = 3,
    private readonly windowMs = 3 * 60_000,
  ) {}

  shouldRestart(nowMs: number): boolean {
    this.crashes = this.crashes.filter((at) => nowMs - at < this.windowMs);
    this.crashes.push(nowMs);
    return this.crashes.length <= this.maxRestarts;
  }
}
