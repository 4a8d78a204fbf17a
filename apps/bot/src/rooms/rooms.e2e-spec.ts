import type { Telegraf } from 'telegraf';
import { middayZone } from '@megabot/testing';
import type { Message } from 'telegraf/types';
// The system around the bot, as in production: API, projector, and Telegram (the local emulator).
import { hireAndBindTelegram } from '../../../../tools/testing/identity-fixtures';
import { startTestSystem, type TestSystem } from '../../../../tools/testing/test-system';
import { launchBot } from '../../../../tools/testing/bot-on-emulator';
import { startEmulator, type RunningEmulator } from '../../../telegram-emulator/src';

const ANNA = { id: 710001, first_name: 'Anna', language_code: 'en', label: 'Anna' };
const BORIS = { id: 710002, first_name: 'Борис', language_code: 'ru', label: 'Boris' };
const OLGA = { id: 710003, first_name: 'Olga', language_code: 'en', label: 'Olga (admin)' };
const ALL_DAY = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' };

type Msg = Message.TextMessage & { reply_markup?: { inline_keyboard: { text: string; callback_data?: string }[][] } };

describe('bot: meeting rooms against the Bot API emulator', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;

  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${system.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...system.bot(OLGA.id) }, // Olga is the admin
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(201);
    return res.json();
  };

  beforeAll(async () => {
    system = await startTestSystem({ adminEmployeeIds: ['e-admin'] });
    // the users' accounts are bound to their employees: the API acts for bound accounts only (e-admin: the bootstrap admin)
    await hireAndBindTelegram(system, [
      { employeeId: 'e-anna', telegramUserId: ANNA.id },
      { employeeId: 'e-boris', telegramUserId: BORIS.id },
      { employeeId: 'e-admin', telegramUserId: OLGA.id },
    ]);
    await admin('/rooms/offices', { officeId: 'msk', name: 'Москва', timeZone: 'Europe/Moscow' });
    await admin('/rooms/offices', { officeId: 'spb', name: 'Санкт-Петербург', timeZone: 'Europe/Moscow' });
    const room = await admin('/rooms/offices/spb/rooms', {
      roomId: 'neva',
      name: 'Neva',
      floor: 3,
      capacity: 8,
      workingHours: ALL_DAY,
      timeZone: middayZone(),
    });
    // the offices list is read from the read model: wait until it shows the room
    await fetch(`${system.apiUrl}/rooms/offices/spb/rooms?waitFor=${room.position}`, { headers: system.bot(OLGA.id) });
    emu = await startEmulator({ port: 0, users: [ANNA, BORIS, OLGA] });
    bot = await launchBot(system, emu);
  });

  afterAll(async () => {
    bot.stop('test');
    await emu.stop();
    await system.close();
  });

  const outs = (userId: number) => emu.control.messages(userId, { direction: 'out' }) as Msg[];
  const until = async <T>(fn: () => T | undefined | null | false, what: string): Promise<T> => {
    for (let i = 0; i < 600; i++) {
      const v = fn();
      if (v) return v as T;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };
  const lastWith = (userId: number, text: string | RegExp) =>
    until(() => {
      const m = outs(userId).slice(-1)[0];
      return m && (typeof text === 'string' ? m.text?.includes(text) : text.test(m.text ?? '')) ? m : undefined;
    }, `a message with ${text}`);
  const buttons = (m: Msg) => (m.reply_markup?.inline_keyboard ?? []).flat();
  const dataOf = (m: Msg, text: string | RegExp) => {
    const b = buttons(m).find((x) => (typeof text === 'string' ? x.text.includes(text) : text.test(x.text)));
    if (!b?.callback_data) throw new Error(`no button "${text}" on message ${m.message_id}: ${JSON.stringify(buttons(m))}`);
    return b.callback_data;
  };
  const press = async (userId: number, m: Msg, text: string | RegExp) => {
    const p = emu.control.pressButton({ userId, messageId: m.message_id, data: dataOf(m, text) });
    return until(() => emu.control.callbackAnswer(p.callbackQueryId), `the answer to "${text}"`);
  };
  /** The message a button press edited, once its text matches. */
  const edited = (userId: number, messageId: number, text: string | RegExp) =>
    until(() => {
      const m = outs(userId).find((x) => x.message_id === messageId);
      return m && (typeof text === 'string' ? m.text?.includes(text) : text.test(m.text ?? '')) ? m : undefined;
    }, `message ${messageId} to show ${text}`);
  const say = (userId: number, text: string) => emu.control.sendMessage({ userId, text });

  it('books a room: office typed as free text -> room -> day -> slot, then lists it', async () => {
    say(ANNA.id, '/rooms');
    const offices = await lastWith(ANNA.id, 'Choose an office');
    expect(buttons(offices).map((b) => b.text)).toEqual(expect.arrayContaining(['Москва', 'Санкт-Петербург']));
    say(ANNA.id, 'питер'); // the intent matcher knows the city's nicknames
    const office = await lastWith(ANNA.id, 'Санкт-Петербург');
    expect(buttons(office).every((b) => Buffer.byteLength(b.callback_data ?? '') <= 64)).toBe(true);
    await press(ANNA.id, office, 'Neva');
    const room = await edited(ANNA.id, office.message_id, 'Choose a day');
    expect(room.text).toContain('floor 3');
    const dayButtons = buttons(room).filter((b) => /^r:d:/.test(b.callback_data ?? ''));
    expect(dayButtons.length).toBeGreaterThan(1);
    await press(ANNA.id, room, dayButtons[1].text); // tomorrow
    const day = await edited(ANNA.id, office.message_id, 'Choose a start');
    const slot = buttons(day).find((b) => /^r:s:neva:\d{8}:\d{4}:60$/.test(b.callback_data ?? ''));
    expect(slot).toBeDefined();
    // Read-your-writes: with the projector paused, "My bookings" must wait for the booking instead of showing an empty list.
    await system.stopProjector();
    const answer = await press(ANNA.id, day, slot!.text);
    expect(answer.show_alert).toBeFalsy();
    const booked = await edited(ANNA.id, office.message_id, 'Booked: Neva');
    const [from, to] = slot!.text.split('–');
    expect(booked.text).toContain(`${from}–${to}`);
    await press(ANNA.id, booked, 'My bookings');
    setTimeout(() => system.startProjector(), 300);
    const mine = await edited(ANNA.id, office.message_id, 'My bookings');
    expect(mine.text).toContain(`${from}–${to} · Neva · Meeting`);
    // the same slot again (another user): refused with the reason, the callback still answered
    say(BORIS.id, '/rooms spb');
    const spb = await lastWith(BORIS.id, 'Санкт-Петербург');
    await press(BORIS.id, spb, 'Neva');
    const r2 = await edited(BORIS.id, spb.message_id, 'Выберите день');
    await press(BORIS.id, r2, buttons(r2).filter((b) => /^r:d:/.test(b.callback_data ?? ''))[1].text);
    const d2 = await edited(BORIS.id, spb.message_id, 'Выберите начало');
    expect(buttons(d2).some((b) => b.callback_data === slot!.callback_data)).toBe(false); // taken slots are not offered
  });

  it('books now and checks in through the door QR deep link', async () => {
    say(ANNA.id, '/rooms spb');
    const office = await lastWith(ANNA.id, 'Санкт-Петербург');
    await press(ANNA.id, office, 'Neva');
    const room = await edited(ANNA.id, office.message_id, 'Choose a day');
    // Neva's zone has it midday now, whatever the hour the test runs at: "book now" is always possible
    const now = buttons(room).find((b) => /^r:n:neva:30$/.test(b.callback_data ?? ''))!;
    await press(ANNA.id, room, now.text);
    await edited(ANNA.id, office.message_id, 'Booked: Neva');
    say(BORIS.id, '/start checkin_neva'); // not a participant
    await lastWith(BORIS.id, 'Не получилось');
    say(ANNA.id, '/start checkin_neva');
    const checked = await lastWith(ANNA.id, 'Checked in: Neva');
    expect(checked.text).toMatch(/\d\d:\d\d–\d\d:\d\d/);
    // the list comes from the read model: once it has the check-in, /mybookings shows it
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${system.apiUrl}/rooms/bookings/mine`, { headers: system.bot(ANNA.id) });
      if (((await res.json()).items as { status: string }[]).some((b) => b.status === 'checked_in')) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    say(ANNA.id, '/mybookings');
    const mine = await lastWith(ANNA.id, 'My bookings');
    expect(mine.text).toContain('✓');
  });

  it('/displays shows admins the door displays that need attention, and nobody else', async () => {
    const reg = await admin('/displays', { displayId: 'neva-door', roomId: 'neva' });
    await admin('/displays', { displayId: 'neva-door-2', roomId: 'neva', label: 'second door' });
    // the first display reports a weak battery; the second never calls
    // (the endpoint knows a display once the projector has it: a device just retries)
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      if (i) await new Promise((r) => setTimeout(r, 50));
      status = (await fetch(`${system.apiUrl}/displays/schedule?proto=1&fw=1.2.0&bat_mv=3300&rssi=-71`, { headers: { authorization: `Bearer ${reg.token}` } }))
        .status;
    }
    expect(status).toBe(200);
    for (let i = 0; i < 100; i++) {
      const list = await (await fetch(`${system.apiUrl}/displays`, { headers: system.bot(OLGA.id) })).json();
      // both registrations projected, and the telemetry written (about once a second)
      if (list.items.length === 2 && list.items.some((d: { telemetry: unknown }) => d.telemetry)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    say(OLGA.id, '/displays');
    const shown = await lastWith(OLGA.id, 'Door displays');
    expect(shown.text).toMatch(/Door displays \(2\): 1 need attention/);
    expect(shown.text).toMatch(/🔴 Neva \(neva-door\) · seen .* · 3\.30 V low · -71 dBm · fw 1\.2\.0/);
    expect(shown.text).toMatch(/🟢 Neva \(neva-door-2\) · never seen/);
    say(ANNA.id, '/displays');
    await lastWith(ANNA.id, 'Only admins can see the door displays.');
  });
});
