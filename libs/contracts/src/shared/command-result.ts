/** What every command endpoint answers: where it wrote, for read-your-writes. */
export interface CommandResultDto {
  streamId: string;
  /** Stream revision after the command (0-based). */
  revision: number;
  /** Global log position of the write; pass it as `waitFor` to queries. */
  position: string;
  /** True when this command id had already been executed: nothing new was written. */
  duplicate: boolean;
}
