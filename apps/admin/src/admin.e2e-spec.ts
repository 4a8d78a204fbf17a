import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeInBrowser, launchChromium } from '@megabot/testing';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Browser } from 'playwright-core';
import { startTestSystem, type TestSystem } from '../../../tools/testing/test-system';
import { AdminModule } from './admin.module';

describeInBrowser('admin site in headless Chromium', () => {
  let system: TestSystem;
  let api: INestApplication;
  let admin: INestApplication;
  let browser: Browser;

  beforeAll(async () => {
    // e-anna opens the company's parking lot: an admin (ADMIN_EMPLOYEE_IDS)
    system = await startTestSystem({ dbPoolSize: 3, adminEmployeeIds: ['e-anna'] });
    api = system.api;
    const apiUrl = system.apiUrl;
    await system.employees('e-anna', 'e-boris');
    // the admin back end reads the API with a personal access token (e-anna's, as `npm start` gives it)
    const apiToken = (await system.token('e-anna')).authorization.replace(/^Bearer /, '');
    admin = await NestFactory.create(AdminModule.forRoot({ apiUrl, apiToken }), { logger: false });
    await admin.listen(0, '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await admin?.close();
    await system?.close();
  });

  it('lists the lots the API projects, with price and leader, without console errors', async () => {
    const apiUrl = await api.getUrl();
    const post = (p: string, actor: string, body: unknown) =>
      fetch(`${apiUrl}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...system.as(actor) }, body: JSON.stringify(body) }).then((r) =>
        r.json(),
      );
    await post('/auctions', 'e-anna', {
      lotId: 'p12',
      kind: 'parking_spot',
      title: 'Parking <P-12>',
      startingPrice: 150_000,
      minIncrement: 5_000,
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
      details: { spotNumber: 'P-12', periodFrom: '2026-12-01', periodTo: '2026-12-31' },
    });
    const bid = await post('/auctions/p12/bids', 'e-boris', { amount: 160_000 });
    await fetch(`${apiUrl}/auctions/p12?waitFor=${bid.position}`, { headers: system.as('e-anna') });

    const page = await browser.newPage({ viewport: { width: 1100, height: 420 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(await admin.getUrl());
    const row = page.locator('tr[data-lot="p12"]');
    await row.waitFor();
    // proxy bidding: Boris's maximum of 1 600,00 shows as the starting price while nobody else bids
    expect(await row.innerText()).toMatch(/Parking <P-12>\s+parking spot\s+e-anna\s+open\s+1\s500,00\s₽\s+e-boris\s+1/);
    expect(await page.locator('header').innerText()).toContain('Auction lots (1)');
    fs.mkdirSync(path.join(__dirname, '..', 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(__dirname, '..', 'test-results', 'admin-lots.png') });
    expect(errors).toEqual([]);
    const health = await fetch(`${await admin.getUrl()}/health`).then((r) => r.json());
    expect(health).toEqual({ status: 'ok', api: 'up' });
  });

  it('without a token the API refuses the admin site, and its page says so', async () => {
    const bare = await NestFactory.create(AdminModule.forRoot({ apiUrl: system.apiUrl }), { logger: false });
    await bare.listen(0, '127.0.0.1');
    try {
      const page = await fetch(await bare.getUrl());
      expect(page.status).toBe(502);
      expect(await page.text()).toContain('The API refused the admin site (401): ADMIN_API_TOKEN must be a live personal access token');
    } finally {
      await bare.close();
    }
  });
});
