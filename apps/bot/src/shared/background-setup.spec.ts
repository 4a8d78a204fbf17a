import { setUpInBackground } from './background-setup';

describe('setUpInBackground (the command menu and other calls the bot works without)', () => {
  it('logs a failure with the method name and retries until it goes through, never throwing', async () => {
    const log: string[] = [];
    const waits: number[] = [];
    let calls = 0;
    const setup = setUpInBackground(
      [
        {
          method: 'setMyCommands',
          run: async () => {
            if (++calls < 3) throw new Error('500: Internal Server Error');
            return true;
          },
        },
        { method: 'setMyDescription', run: async () => true },
      ],
      { log: (l) => log.push(l), delaysMs: [10, 20], sleep: async (ms) => void waits.push(ms) },
    );
    await expect(setup.settled).resolves.toBeUndefined();
    expect(calls).toBe(3);
    expect(waits).toEqual([10, 20]);
    expect(log).toEqual([
      'setMyCommands failed (attempt 1): 500: Internal Server Error; retrying in 0 s',
      'setMyCommands failed (attempt 2): 500: Internal Server Error; retrying in 0 s',
      'setMyCommands went through (attempt 3)',
    ]);
  });

  it('stops retrying when stopped', async () => {
    const setup = setUpInBackground([{ method: 'setMyCommands', run: () => Promise.reject(new Error('down')) }], {
      log: () => undefined,
      sleep: async () => setup.stop(),
    });
    await expect(setup.settled).resolves.toBeUndefined();
  });
});
