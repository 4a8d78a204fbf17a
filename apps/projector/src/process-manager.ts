/** A long-running reactor of the projector (deadlines, releases, offboarding): safe to run in every instance. */
export interface ProcessManager {
  readonly name: string;
  start(): void;
  stop(): Promise<void>;
}
