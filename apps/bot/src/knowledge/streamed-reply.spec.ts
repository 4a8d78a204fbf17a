import { StreamedReply } from './streamed-reply';

describe('StreamedReply', () => {
  /** A clock that moves only when the reply sleeps, and a chat that records when each call was made. */
  const rig = () => {
    let now = 0;
    const calls: { at: number; call: string; text: string }[] = [];
    const reply = new StreamedReply(
      {
        send: async (text) => (calls.push({ at: now, call: 'send', text }), 42),
        edit: async (id, text) => void calls.push({ at: now, call: `edit ${id}`, text }),
      },
      { intervalMs: 1000, now: () => now, sleep: async (ms) => void (now += ms) },
    );
    return { reply, calls, advance: (ms: number) => (now += ms), now: () => now };
  };
  const tick = () => new Promise((r) => setImmediate(r));

  it('sends the first text, then edits at most once a second with the newest text; the final form waits its turn too', async () => {
    const { reply, calls, advance, now } = rig();
    reply.update('You');
    await tick();
    reply.update('You get');
    reply.update('You get 28'); // replaces the previous one while the edit waits
    await tick();
    advance(300);
    reply.update('You get 28 days [1]');
    await tick();
    const id = await reply.finish(async (messageId) => void calls.push({ at: now(), call: `final ${messageId}`, text: '<b>final</b>' }));
    expect(id).toBe(42);
    // "You get" was replaced by a newer text before its turn came: never shown.
    expect(calls.map(({ call, text }) => [call, text])).toEqual([
      ['send', 'You'],
      ['edit 42', 'You get 28'],
      ['edit 42', 'You get 28 days [1]'],
      ['final 42', '<b>final</b>'],
    ]);
    for (let i = 1; i < calls.length; i++) expect(calls[i].at - calls[i - 1].at).toBeGreaterThanOrEqual(1000);
  });

  it('with nothing streamed (an extractive answer comes at once) finish places nothing', async () => {
    const { reply, calls } = rig();
    expect(reply.started).toBe(false);
    expect(await reply.finish(async () => void calls.push({ at: 0, call: 'final', text: '' }))).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('a failed send stops the streaming and leaves the answer to be sent as usual', async () => {
    const reply = new StreamedReply(
      {
        send: async () => {
          throw new Error('chat not found');
        },
        edit: async () => undefined,
      },
      { sleep: async () => undefined },
    );
    reply.update('You');
    await tick();
    reply.update('You get');
    expect(await reply.finish(async () => undefined)).toBeUndefined();
  });
});
