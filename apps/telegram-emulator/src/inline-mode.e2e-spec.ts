import { Markup, Telegraf } from 'telegraf';
import { startEmulator, type RunningEmulator } from './index';

/** Inline mode: `@bot text` in a chat reaches the bot as an inline_query; the answered articles can be sent to the chat "via @bot". */
describe('inline mode against the emulator (telegraf)', () => {
  let emu: RunningEmulator;
  let bot: Telegraf;
  const ANNA = { id: 5101, first_name: 'Анна', language_code: 'ru' };
  const BORIS = { id: 5102, first_name: 'Boris' };

  beforeAll(async () => {
    emu = await startEmulator({ users: [ANNA, BORIS], botUsername: 'inline_test_bot' });
    bot = new Telegraf(emu.token, { telegram: { apiRoot: emu.apiRoot } });
    // Queries starting with "manual" are left for the test to answer.
    bot.on('inline_query', (ctx) =>
      ctx.inlineQuery.query.startsWith('manual')
        ? undefined
        : ctx.answerInlineQuery(
            [`${ctx.inlineQuery.query} 1`, `${ctx.inlineQuery.query} 2`].map((title, i) => ({
              type: 'article' as const,
              id: `r${i}`,
              title,
              input_message_content: { message_text: `<b>${title}</b> for ${ctx.inlineQuery.chat_type}`, parse_mode: 'HTML' as const },
              ...Markup.inlineKeyboard([Markup.button.callback('More', `more:${i}`)]),
            })),
            { cache_time: 0, is_personal: true },
          ),
    );
    void bot.launch();
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(async () => {
    bot.stop();
    await emu.stop();
  });

  it('getMe says the bot supports inline queries', async () => {
    expect((await bot.telegram.getMe()).supports_inline_queries).toBe(true);
  });

  it('answers an inline query and sends the chosen article to the chat the query was typed in', async () => {
    const group = emu.control.createGroup({ title: 'Team', creatorId: ANNA.id, memberIds: [BORIS.id], type: 'group' });
    const { inlineQueryId } = emu.control.inlineQuery({ userId: ANNA.id, query: 'Борис', chatId: group.id });
    const answer = await emu.control.waitForInlineAnswer(inlineQueryId);
    expect(answer.results.map((r) => r.title)).toEqual(['Борис 1', 'Борис 2']);
    expect(answer.is_personal).toBe(true);
    const { message } = emu.control.chooseInlineResult({ userId: ANNA.id, inlineQueryId, resultId: 'r1' });
    expect(message).toMatchObject({ text: 'Борис 2 for group', via_bot: { username: 'inline_test_bot' }, from: { id: ANNA.id } });
    expect(message.entities).toEqual([{ type: 'bold', offset: 0, length: 7 }]);
    expect(message.reply_markup?.inline_keyboard[0][0].callback_data).toBe('more:1');
  });

  it('refuses a second answer, bad results, and a result that was not answered', async () => {
    const { inlineQueryId } = emu.control.inlineQuery({ userId: BORIS.id, query: 'x' });
    await emu.control.waitForInlineAnswer(inlineQueryId);
    await expect(bot.telegram.answerInlineQuery(inlineQueryId, [])).rejects.toThrow(/query is too old/);
    const { inlineQueryId: other } = emu.control.inlineQuery({ userId: BORIS.id, query: 'manual' });
    const bad = [{ type: 'article' as const, id: 'a', title: 'A', input_message_content: { message_text: '<b>unclosed', parse_mode: 'HTML' as const } }];
    await expect(bot.telegram.answerInlineQuery(other, bad)).rejects.toThrow(/can't parse entities/);
    const twice = [1, 2].map(() => ({ type: 'article' as const, id: 'same', title: 'A', input_message_content: { message_text: 'a' } }));
    await expect(bot.telegram.answerInlineQuery(other, twice)).rejects.toThrow(/RESULT_ID_DUPLICATE/);
    await expect(
      bot.telegram.answerInlineQuery(other, [{ type: 'article', id: 'b', title: '', input_message_content: { message_text: 'b' } }]),
    ).rejects.toThrow(/RESULT_TITLE_EMPTY/);
    await bot.telegram.answerInlineQuery(other, [{ type: 'article', id: 'ok', title: 'OK', input_message_content: { message_text: 'ok' } }]);
    expect(emu.control.inlineAnswer(other)?.results.map((r) => r.id)).toEqual(['ok']);
    expect(() => emu.control.chooseInlineResult({ userId: BORIS.id, inlineQueryId, resultId: 'nope' })).toThrow(/was not answered/);
  });
});
