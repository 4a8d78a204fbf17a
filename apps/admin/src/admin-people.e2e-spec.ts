import * as path from 'node:path';
import { describeAdminSite, SHOTS } from '../../../tools/testing/admin-site';

/** Employees (CSV import, dismissal and its offboarding report, rehire), feature switches, access tokens, the Russian site on a phone. */
describeAdminSite('admin site in headless Chromium: people and settings', (site) => {
  const { newPage, signIn, until, column } = site;

  it('an admin imports employees from a CSV: the progress, then what was hired and each rejected row with its reason', async () => {
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Employees' }).waitFor();
    await page.goto(`${site.adminUrl}#/employees`);
    await page.getByRole('link', { name: 'Import CSV' }).click();
    const csv = [
      'employeeId,fullName,email,department,position,office,managerId,roles,clearance,projects',
      'e-irina,Irina Volkova,irina.volkova@example.com,Engineering,QA engineer,Moscow HQ,e-anna,employee,internal,megabot',
      'e-kirill,"Kirill ""Kir"" Smirnov",kirill.smirnov@example.com,Sales,Sales manager,"Saint Petersburg, office 2",e-anna,employee,public,',
      'e-nobody-mail,No Mail,not-an-email,Sales,Intern,Moscow HQ,e-anna,employee,internal,',
    ].join('\n');
    await page.getByLabel('CSV file').setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('staff.csv (1 kB)').waitFor();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByText('Applied 2 of 2 rows').waitFor();
    await page.getByText('Hired: 2').waitFor();
    await page.getByText('Rejected: 1').waitFor();
    const rejected = page.getByRole('table', { name: 'Rejected rows' }).locator('tbody tr');
    expect(await rejected.allInnerTexts()).toEqual(['4\te-nobody-mail\tbad e-mail "not-an-email"']);
    await page.screenshot({ path: path.join(SHOTS, 'admin-employee-import.png'), fullPage: true });
    // hired as the admin's own commands
    const [hired] = await site.system.store.readStream('employee-e-kirill');
    expect(hired).toMatchObject({ type: 'EmployeeHired', metadata: expect.objectContaining({ actorId: 'e-anna' }) });
    expect((hired.data as { fullName: string }).fullName).toBe('Kirill "Kir" Smirnov');
    expect(site.errors).toEqual([]);
    await page.context().close();
  });

  it('an admin sees a hire appear in the employees list without a reload, dismisses them, reads the offboarding report, and rehires them', async () => {
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Employees' }).click();
    await page.getByPlaceholder('Name, e-mail or id').fill('e-gleb');
    await column(page, 'employeeId', []);
    // hired meanwhile (as the bot's admin or an import would): the list follows the identity read side
    await site.system.employees({ id: 'e-gleb', roles: ['employee', 'auditor'] });
    await column(page, 'employeeId', ['e-gleb']);
    // the bot administers a group where it may ban: the dismissal removes gleb from it
    const chat = await fetch(`${site.system.apiUrl}/identity/chats/bot-membership`, {
      method: 'POST',
      headers: { ...site.system.bot(), 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: -100555, title: 'Engineering chat', chatType: 'supergroup', status: 'administrator', canRestrictMembers: true }),
    });
    expect(chat.status).toBe(201);
    await until(async () => (await site.system.ds.query(`SELECT 1 FROM identity.chats WHERE chat_id = -100555`)).length > 0, 'the chat in the read model');
    await page.goto(`${site.adminUrl}#/employees/e-gleb`);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByLabel('Reason (kept in the log)').fill('Contract ended');
    await page.getByRole('dialog').getByRole('button', { name: 'Dismiss' }).click();
    // the report opens by itself, readable: what was revoked, the account unbound, the removal from the group
    await page.getByRole('heading', { name: 'Offboarding report' }).waitFor();
    expect(await page.getByTestId('revoked-roles').innerText()).toBe('employee, auditor');
    await page.getByText(`Account ${site.system.telegramIdOf('e-gleb')} unbound; it acts for nobody`).waitFor();
    await page.getByText('Contract ended').waitFor();
    await page.getByRole('table', { name: 'Removal from chats' }).getByRole('cell', { name: 'Engineering chat' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-offboarding-report.png'), fullPage: true });
    // back to the employee: rehired, the dialog starting from the record as it was
    await page.getByRole('link', { name: 'Back to the employee' }).click();
    await page.getByRole('button', { name: 'Rehire' }).click();
    expect(await page.getByRole('dialog').getByLabel('Corporate e-mail').inputValue()).toMatch(/@/);
    await page.getByRole('dialog').getByLabel('Position').fill('Staff engineer');
    await page.getByRole('dialog').getByRole('button', { name: 'Rehire' }).click();
    await page.getByText('Rehired: active again').waitFor();
    const rehired = await until(async () => (await site.system.store.readStream('employee-e-gleb')).find((e) => e.type === 'EmployeeRehired'), 'the rehire');
    expect(rehired).toMatchObject({ metadata: expect.objectContaining({ actorId: 'e-anna' }), data: expect.objectContaining({ position: 'Staff engineer' }) });
    await page.getByRole('button', { name: 'Dismiss' }).waitFor(); // active again
    expect(site.errors).toEqual([]);
    await page.context().close();
  });

  it('an admin sets a feature switch per role, per employee and per app version', async () => {
    const created = await fetch(`${site.system.apiUrl}/bot/switches/auction.new_flow`, {
      method: 'PATCH',
      headers: { ...site.system.as('e-anna'), 'content-type': 'application/json' },
      body: JSON.stringify({ description: 'The new lot flow', users: { 'e-boris': true } }),
    });
    expect(created.status).toBe(200);
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Feature switches' }).waitFor();
    await page.goto(`${site.adminUrl}#/switches/auction.new_flow`);
    const rules = (label: string) => page.locator('.ra-input').filter({ has: page.getByText(label, { exact: true }) });
    await rules('Per role').getByRole('button', { name: 'Add' }).click();
    await rules('Per role').getByLabel('Role').fill('tester');
    await rules('Per role').getByLabel('On').check();
    await rules('Per app version').getByRole('button', { name: 'Add' }).click();
    await rules('Per app version').getByLabel('Version ("0.3.1", or "0.3.*")').fill('0.2.*');
    // the employee rule removed
    await rules('Per employee').locator('.RaSimpleFormIterator-line').hover(); // a row's remove button shows on hover and focus
    await rules('Per employee').getByRole('button', { name: 'Remove' }).click();
    await page.screenshot({ path: path.join(SHOTS, 'admin-switch-edit.png'), fullPage: true });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('tester: on').waitFor();
    const sw = await (await fetch(`${site.system.apiUrl}/bot/switches/auction.new_flow`, { headers: site.system.as('e-anna') })).json();
    expect(sw).toMatchObject({ roles: { tester: true }, users: {}, appVersions: { '0.2.*': false }, updatedBy: 'e-anna' });
    expect(site.errors).toEqual([]);
    await page.context().close();
  });

  it('an admin issues a personal access token (shown once), sees it listed and revokes it', async () => {
    const page = await newPage();
    await signIn(page, 'e-anna');
    await page.getByRole('menuitem', { name: 'Access tokens' }).waitFor();
    await page.goto(`${site.adminUrl}#/tokens/create`);
    await page.getByLabel('Employee id').fill('e-chloe');
    await page.getByLabel('What it is for (e.g. audit CLI on the laptop)').fill('audit CLI');
    await page.getByRole('button', { name: 'Save' }).click();
    const token = await page.getByLabel('Token', { exact: true }).inputValue();
    expect(token).toMatch(/^mbp_[A-Za-z0-9]{12}_/);
    await page.screenshot({ path: path.join(SHOTS, 'admin-token-issued.png') });
    const session = () => fetch(`${site.system.apiUrl}/audit/auctions`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await session()).toBe(200);
    await page.getByRole('button', { name: 'Done' }).click();
    const tokenId = token.slice(4, 16);
    await page.getByRole('button', { name: `Revoke ${tokenId}` }).click();
    await page.getByText(/^revoked /).waitFor();
    expect(await until(async () => (await session()) === 401, 'the revoked token refused')).toBe(true);
    expect(site.errors).toEqual([]);
    await page.context().close();
  });

  it('the site in Russian, on a phone: the language switcher, the menu, the employees and the import page', async () => {
    const page = await newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, 'e-anna');
    await page.locator('#react-admin-title', { hasText: 'Dashboard' }).waitFor(); // signed in
    await page.getByRole('button', { name: 'Language: English' }).click();
    await page.getByRole('menuitem', { name: 'Русский' }).click();
    await page.locator('#react-admin-title', { hasText: 'Сводка' }).waitFor();
    await page.goto(`${site.adminUrl}#/employees`);
    await page.getByPlaceholder('Имя, почта или id').waitFor();
    await page.getByRole('link', { name: 'Импорт CSV' }).waitFor();
    // a phone gets one line per employee, no table wider than the screen
    expect(await page.locator('table').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, 'admin-ru-phone-employees.png'), fullPage: true });
    await page.getByRole('link', { name: 'Импорт CSV' }).click();
    await page.getByRole('button', { name: 'Выбрать файл CSV' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-ru-phone-import.png'), fullPage: true });
    // the menu (a drawer on a phone) in Russian
    await page
      .getByRole('button', { name: /menu|меню/i })
      .first()
      .click();
    await page.getByRole('menuitem', { name: 'Сотрудники' }).click({ trial: true }); // waits until the drawer has slid in
    await page.getByRole('menuitem', { name: 'Токены доступа' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'admin-ru-phone-menu.png') });
    expect(site.errors).toEqual([]);
    await page.context().close();
  });
});
