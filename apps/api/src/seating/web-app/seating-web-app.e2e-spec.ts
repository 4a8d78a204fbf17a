import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { SEATING_ROUTES as R, type MyDeskBookingsView } from '@megabot/contracts';
import { describeInBrowser, launchChromium, middayZone } from '@megabot/testing';
import type { Browser, Frame, Page } from 'playwright-core';
import { Telegraf } from 'telegraf';
import { defaultWebAppUrl, registerSeating } from '../../../../bot/src/seating/seating.handlers';
import { startEmulator, type RunningEmulator } from '../../../../telegram-emulator/src';
import { buildWebApp, webAppDist } from '../../../../../tools/web-apps/build';
import { startTestSystem, type TestSystem } from '../../../../../tools/testing/test-system';
import { markerPage } from '../print-markers/marker-sheet';

const SHOTS = path.join(__dirname, '..', '..', '..', 'test-results');
const ALL_DAY = { days: [1, 2, 3, 4, 5, 6, 7], from: '00:00', to: '24:00' };
/** A room is booked "from now": in a zone where it is midday, whatever the hour the test runs at. */
const ROOM_ZONE = middayZone();
const sample = (name: string) => fs.readFileSync(path.join(__dirname, '../../../../../samples/seating', name), 'utf8');

/**
 * A fake camera's video (YUV4MPEG2, what Chromium's --use-file-for-fake-video-capture plays in a loop): the printed
 * marker page, scaled into a 640 x 480 frame on a grey wall, the way a phone held in front of it would see it.
 */
function markerVideo(marker: Parameters<typeof markerPage>[0], file: string): void {
  const page = markerPage(marker);
  const [W, H] = [640, 480];
  const scale = (H - 20) / page.height;
  const [w, h] = [Math.floor(page.width * scale), Math.floor(page.height * scale)];
  const [left, top] = [Math.floor((W - w) / 2), 10];
  const luma = new Uint8Array(W * H).fill(150);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) luma[(top + y) * W + left + x] = page.get(Math.floor(x / scale), Math.floor(y / scale)) ? 20 : 240;
  const chroma = new Uint8Array((W / 2) * (H / 2)).fill(128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array.from({ length: 10 }, () => frame)]));
}

/**
 * The seating Web App as an employee meets it: the Vite-built page served by the API, opened from a web_app button
 * in the Bot API emulator's dev chat (which signs initData like Telegram and frames the page like Telegram Web), in
 * headless Chromium - one browser as is (no camera: the "I am at…" fallback), one with a fake camera that films a
 * printed marker.
 */
describeInBrowser('seating Web App in headless Chromium, opened from the dev chat', () => {
  let system: TestSystem;
  let emu: RunningEmulator;
  let bot: Telegraf;
  let browser: Browser;
  let camera: Browser;
  let http: (method: string, p: string, as: string, body?: unknown) => Promise<any>;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seating-web-'));
  const video = path.join(dir, 'marker.y4m');
  /** Console errors, uncaught exceptions and failed requests of the pages under test. */
  const errors: string[] = [];
  const figures: Record<string, unknown> = {};
  // a browser, the API and the projector on a machine shared with other work: generous limits, no speed asserted
  jest.setTimeout(180_000);

  beforeAll(async () => {
    const built = buildWebApp('seating');
    const token = `7000000042:${randomBytes(30).toString('base64url').slice(0, 35)}`;
    system = await startTestSystem({ adminEmployeeIds: ['wa-admin'], readWaitTimeoutMs: 5000, auth: { telegramBotToken: token } });
    await system.employees('wa-admin', 'wa-anna', 'wa-boris');
    http = async (method, p, as, body) => {
      const res = await fetch(`${system.apiUrl}${p}`, {
        method,
        headers: { 'content-type': 'application/json', ...system.as(as) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return res.headers.get('content-type')?.includes('json') ? res.json() : Buffer.from(await res.arrayBuffer());
    };
    await http('POST', '/rooms/offices', 'wa-admin', { officeId: 'msk', name: 'Москва', timeZone: 'Europe/Moscow' });
    for (const [roomId, name, floor] of [
      ['msk-arbat', 'Арбат', 5],
      ['msk-tverskaya', 'Тверская', 5],
      ['msk-kremlin', 'Кремль', 7],
    ] as const)
      await http('POST', '/rooms/offices/msk/rooms', 'wa-admin', { roomId, name, floor, capacity: 6, workingHours: ALL_DAY, timeZone: ROOM_ZONE });
    await http('PUT', R.publishPlan('msk', 5), 'wa-admin', { name: '5th floor', svg: sample('msk-5.svg') });
    await http('PUT', R.publishPlan('msk', 7), 'wa-admin', { name: '7th floor', svg: sample('msk-7.svg') });
    await http('PUT', R.assignee('msk', 5, 'msk5-d02'), 'wa-admin', { employeeId: 'wa-boris' });

    emu = await startEmulator({
      port: 0,
      token,
      users: ['wa-anna', 'wa-boris'].map((id) => ({ id: system.telegramIdOf(id), first_name: id.slice(3), language_code: 'en', label: id, started: true })),
    });
    // the bot's /seating (its seating feature alone: the button is all this test needs of the bot)
    bot = new Telegraf(emu.token, { telegram: { apiRoot: emu.apiRoot } });
    registerSeating(bot, { webAppUrl: defaultWebAppUrl(system.apiUrl) });
    void bot.launch();
    markerVideo({ officeId: 'msk', floor: 5, nodeId: 'n5-3', title: 'Corridor n5-3', detail: 'Москва · 5th floor' }, video);
    await built;
    browser = await launchChromium();
    camera = await launchChromium({
      args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await camera?.close();
    bot?.stop('test over');
    await emu?.stop();
    await system?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    // figures for the record (noisy on a shared machine; nothing is asserted about them)
    console.log(`[seating web app] ${JSON.stringify(figures)}`);
  });

  /** Anna's dev chat with the web app opened from the bot's button: the dev chat page and the app's frame. */
  async function openFromDevChat(b: Browser, shot: string): Promise<{ page: Page; app: Frame }> {
    const context = await b.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(60_000);
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && errors.push(`${m.location().url}: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.request().method()} ${r.url()}`));
    await page.goto(emu.devChatUrl);
    // what the app tells its Telegram client (the dev chat frames it as Telegram Web does)
    await page.evaluate(() => {
      (window as any).bridged = [];
      window.addEventListener('message', (e) => typeof e.data === 'string' && (window as any).bridged.push(JSON.parse(e.data)));
    });
    await page.locator('#user-select').selectOption(String(system.telegramIdOf('wa-anna')));
    await page.locator('#composer-input').fill('/seating');
    await page.locator('#composer-input').press('Enter');
    await page.getByRole('button', { name: 'Open the seating plan' }).last().click();
    const frame = page.frameLocator('#webapp-frame');
    await frame.locator('#plan svg').waitFor();
    await frame.locator('#status', { hasText: 'Hello, wa-anna' }).waitFor();
    const app = page.frames().find((f) => f.url().includes('/seating/app/'))!;
    const timing = await app.evaluate(() => ({
      firstPlan: performance.getEntriesByName('seating:first-plan')[0]?.startTime,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime,
    }));
    Object.assign(figures, { [`${shot}FirstPlanMs`]: Math.round(timing.firstPlan), [`${shot}FirstPaintMs`]: Math.round(timing.fcp ?? -1) });
    await page.screenshot({ path: path.join(SHOTS, `seating-${shot}-opened.png`) });
    return { page, app };
  }

  it('finds a colleague (desk highlighted), books a hot desk, a free room, and sees who sits nearby', async () => {
    const { page, app } = await openFromDevChat(browser, 'plain');
    // the plan in Telegram's theme colours, passed by the client in the launch URL
    expect(await app.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--tg-theme-button-color').trim())).toMatch(/^#[0-9a-f]{6}$/i);

    await app.getByLabel('Find a colleague').fill('wa-boris');
    await app.getByRole('button', { name: 'Search' }).click();
    await app.getByRole('button', { name: /^wa-boris, desk 5\.02, floor 5/ }).click();
    await app.locator('circle.ring[data-desk="msk5-d02"]').waitFor();
    await app.locator('#status', { hasText: 'wa-boris sits at desk 5.02 on floor 5' }).waitFor();
    expect(await app.locator('#msk5-d02').getAttribute('class')).toContain('highlight');
    await page.screenshot({ path: path.join(SHOTS, 'seating-colleague.png') });
    await app.locator('#plan-figure').screenshot({ path: path.join(SHOTS, 'seating-colleague-plan.png') });

    await app.getByRole('tab', { name: 'Desk' }).click();
    await app.getByRole('button', { name: 'Book desk 5.05' }).click();
    await app.locator('#status', { hasText: 'Desk 5.05 is yours on' }).waitFor();
    expect(await app.locator('#msk5-d05').getAttribute('class')).toContain('desk--mine');
    const mine: MyDeskBookingsView = await http('GET', R.myBookings, 'wa-anna');
    expect(mine.items.map((b) => [b.deskId, b.status])).toEqual([['msk5-d05', 'booked']]);
    await app.locator('#plan-figure').screenshot({ path: path.join(SHOTS, 'seating-desk-booked-plan.png') });

    // another day: the plan of that day, booked for that day
    const tomorrow = await app.evaluate(() => {
      const input = document.getElementById('desk-date') as HTMLInputElement;
      return new Date(Date.parse(`${input.value}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    });
    await app.getByLabel('Day', { exact: true }).fill(tomorrow);
    await app.locator('#plan-caption', { hasText: tomorrow }).waitFor();
    await app.getByRole('button', { name: 'Book desk 5.06' }).click();
    await app.locator('#status', { hasText: `Desk 5.06 is yours on ${tomorrow}` }).waitFor();
    const both: MyDeskBookingsView = await http('GET', R.myBookings, 'wa-anna');
    expect(both.items.map((b) => b.deskId).sort()).toEqual(['msk5-d05', 'msk5-d06']);

    await app.getByRole('tab', { name: 'Rooms' }).click();
    await app.getByRole('button', { name: 'Book Арбат for 30 minutes from now' }).click();
    await app.locator('#status', { hasText: 'Арбат is yours until' }).waitFor();
    await app.locator('#rooms-list', { hasText: /Арбат \(6\)busy until/ }).waitFor(); // busy now, no second quick booking offered
    expect(await app.getByRole('button', { name: /^Book Арбат/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'seating-rooms.png') });

    await app.getByRole('tab', { name: 'Nearby' }).click();
    // of the day chosen for desks
    await app.locator('#nearby-seat', { hasText: `You sit at desk 5.06, floor 5 on ${tomorrow}` }).waitFor();
    await app.locator('#nearby-list').getByRole('button', { name: 'wa-boris' }).click();
    await app.locator('circle.ring[data-desk="msk5-d02"]').waitFor();

    // keyboard: arrows move between the tabs; Telegram's back button (shown through the bridge) goes home
    await app.getByRole('tab', { name: 'Nearby' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await app.getByRole('tab', { name: 'Route' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => (window as any).bridged)).toContainEqual({ eventType: 'web_app_setup_back_button', eventData: { is_visible: true } });
    await page.evaluate(() =>
      (document.getElementById('webapp-frame') as HTMLIFrameElement).contentWindow!.postMessage(JSON.stringify({ eventType: 'back_button_pressed' }), '*'),
    );
    await app.locator('#tab-find[aria-selected="true"]').waitFor();
    expect(await page.evaluate(() => (window as any).bridged.at(-1))).toEqual({ eventType: 'web_app_setup_back_button', eventData: { is_visible: false } });
    await app.getByRole('tab', { name: 'Route' }).click();

    // no camera in this browser: the "I am at…" list is the way on
    await app.getByLabel('Go to').selectOption('msk-tverskaya');
    await app.getByRole('button', { name: 'Scan a marker' }).click();
    await app.locator('#status', { hasText: 'choose where you are in the list' }).waitFor();
    expect(await app.evaluate(() => document.activeElement?.id)).toBe('route-from');
    await app.getByLabel('I am at…').selectOption('5/n5-1');
    await app.locator('polyline.route').waitFor({ state: 'attached' });
    expect(await app.locator('#route-steps li').allInnerTexts()).toEqual(['Floor 5: follow the line to Тверская, floor 5']);
    await app.locator('#plan-figure').screenshot({ path: path.join(SHOTS, 'seating-route-fallback-plan.png') });
    expect(errors).toEqual([]);
  });

  it('reads a printed marker from the camera and routes to a room two floors up, one leg per floor', async () => {
    const { page, app } = await openFromDevChat(camera, 'camera');
    await app.getByRole('tab', { name: 'Route' }).click();
    await app.getByLabel('Go to').selectOption('msk-kremlin');
    await app.getByRole('button', { name: 'Scan a marker' }).click();
    await app.locator('#status', { hasText: 'You are here: junction n5-3, floor 5. Route to Кремль, floor 7: 2 floors' }).waitFor();
    await app.locator('polyline.route').waitFor({ state: 'attached' });
    const steps = await app.locator('#route-steps li').allInnerTexts();
    expect(steps).toHaveLength(2);
    expect(steps[0]).toMatch(/^Floor 5: follow the line to the (stairs|lift), go up to floor 7$/);
    expect(steps[1]).toBe('Floor 7: follow the line to Кремль, floor 7');
    expect(await app.locator('#plan-caption').innerText()).toContain('floor 5');
    await page.screenshot({ path: path.join(SHOTS, 'seating-route-camera.png') });
    await app.locator('#plan-figure').screenshot({ path: path.join(SHOTS, 'seating-route-floor5-plan.png') });

    // a compass heading turns the arrow: the first step goes east (90°) on the plan, the phone faces west (270°)
    await app.evaluate(() => window.dispatchEvent(new DeviceOrientationEvent('deviceorientationabsolute', { alpha: 90, absolute: true })));
    await app.locator('#compass').waitFor();
    expect(await app.locator('#compass').evaluate((e) => (e as HTMLElement).style.transform)).toBe('rotate(-180deg)');

    await app
      .locator('#route-steps')
      .getByRole('button', { name: /^Floor 7/ })
      .click();
    await app.locator('#plan-caption', { hasText: 'floor 7' }).waitFor();
    await app.locator('.end--room').waitFor();
    await app.locator('#plan-figure').screenshot({ path: path.join(SHOTS, 'seating-route-floor7-plan.png') });
    expect(errors).toEqual([]);

    const dist = webAppDist('seating');
    const files = ['index.html', ...fs.readdirSync(path.join(dist, 'assets')).map((f) => path.join('assets', f))];
    Object.assign(figures, {
      bundle: Object.fromEntries(
        files.map((f) => {
          const bytes = fs.readFileSync(path.join(dist, f));
          return [path.basename(f).replace(/-[\w-]{8}\./, '.'), { bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }];
        }),
      ),
    });
  });

  it('serves the page to anyone, with a strict CSP, at the URL its bundles are relative to', async () => {
    const bare = await fetch(`${system.apiUrl}/seating/app`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/seating/app/']);
    const page = await fetch(`${system.apiUrl}/seating/app/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = /src="\.\/(assets\/[\w-]+\.js)"/.exec(await page.text())![1];
    const bundle = await fetch(`${system.apiUrl}/seating/app/${script}`);
    expect([bundle.status, bundle.headers.get('content-type'), bundle.headers.get('cache-control')]).toEqual([
      200,
      'text/javascript; charset=utf-8',
      'public, max-age=31536000, immutable',
    ]);
    for (const missing of ['assets/nope.js', 'assets/..%2Findex.html', 'assets/x.exe'])
      expect((await fetch(`${system.apiUrl}/seating/app/${missing}`)).status).toBe(404);
  });

  it('gives admins the floor markers as a PDF and employees nothing', async () => {
    const pdf: Buffer = await http('GET', '/seating/offices/msk/floors/5/markers.pdf', 'wa-admin');
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    // two rooms and the five corridor points, stairs and lift that are no room's door
    expect(pdf.toString('latin1')).toMatch(/\/Count 7 /);
    await expect(http('GET', '/seating/offices/msk/floors/5/markers.pdf', 'wa-anna')).rejects.toThrow(/: 403 /);
  });
});
