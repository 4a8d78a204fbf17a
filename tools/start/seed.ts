import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SEATING_ROUTES } from '@megabot/contracts';
import { DEMO_ADMIN_IDS, DEMO_BIDS, DEMO_DESKS, DEMO_EMPLOYEES, DEMO_FLOOR_PLANS, DEMO_OFFICES, demoLots } from './demo-data';

/**
 * The credential headers the seeding acts as an employee with (the API believes no employee id it is told): `npm
 * start` gives each acting employee a short-lived personal access token, tests their own credentials.
 */
export type ActAs = (employeeId: string) => Promise<Record<string, string>>;

/** Demo lots and bids through the real API, each by its opener or bidder; fixed idempotency keys make a restart a no-op. */
export async function seedDemoData(apiUrl: string, as: ActAs, say: (m: string) => void = () => undefined): Promise<{ lots: number; problems: string[] }> {
  const problems: string[] = [];
  let created = 0;
  const post = poster(as);
  for (const lot of demoLots(new Date())) {
    // Closing times are relative to now, so on a restart the same key carries another body: already seeded.
    const r = await post(`${apiUrl}/auctions`, lot.opener, `seed-lot-${lot.body.lotId}`, lot.body);
    const present = r.status === 409 || r.body.code === 'command.idempotency_key_reused' || r.body.duplicate === true;
    if (r.status === 201 && !present) created++;
    else if (!present) problems.push(`seeding ${lot.body.lotId}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  for (const [i, b] of DEMO_BIDS.entries()) {
    const r = await post(`${apiUrl}/auctions/${b.lotId}/bids`, b.bidder, `seed-bid-${i}-${b.lotId}`, { amount: b.amount });
    if (r.status !== 201 && created) problems.push(`seeding a bid on ${b.lotId}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  problems.forEach(say);
  say(created ? `seeded ${created} demo lots` : 'demo data already present');
  problems.push(...(await seedDemoRooms(apiUrl, as, say)).problems);
  problems.push(...(await seedDemoSeating(apiUrl, as, say)).problems);
  problems.push(...(await seedDemoKnowledge(apiUrl, as, say)).problems);
  return { lots: created, problems };
}

/**
 * Demo employees through the identity API, hired by the bootstrap admin (ADMIN_EMPLOYEE_IDS). Idempotent: an employee
 * that exists (409) is left as it is; nobody is bound to Telegram (they verify in the dev chat).
 */
export async function seedDemoEmployees(apiUrl: string, as: ActAs, say: (m: string) => void = () => undefined): Promise<{ hired: number; problems: string[] }> {
  const problems: string[] = [];
  let hired = 0;
  const admin = DEMO_ADMIN_IDS[0];
  const post = poster(as);
  for (const e of DEMO_EMPLOYEES) {
    const body = {
      employeeId: e.id,
      fullName: e.name,
      email: e.email,
      department: e.department,
      position: e.position,
      office: e.office,
      roles: [...e.roles],
      clearance: e.clearance,
      projects: [...e.projects],
      ...(e.id !== admin ? { managerId: admin } : {}),
    };
    const r = await post(`${apiUrl}/identity/employees`, admin, `seed-employee-${e.id}`, body);
    const present = r.status === 409 || r.body.code === 'command.idempotency_key_reused' || r.body.duplicate === true;
    if (r.status === 201 && !present) hired++;
    else if (!present) problems.push(`hiring ${e.id}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  problems.forEach(say);
  say(hired ? `hired ${hired} demo employees` : 'demo employees already present');
  return { hired, problems };
}

/** POSTs as an employee (their credential from `as`) with an idempotency key; the answer's status and body. */
function poster(as: ActAs) {
  return async (url: string, actor: string, key: string, body: unknown) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...(await as(actor)) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

/** Demo offices and meeting rooms, created by the bootstrap admin; an office or room that exists (409) is left as it is. */
export async function seedDemoRooms(apiUrl: string, as: ActAs, say: (m: string) => void = () => undefined): Promise<{ rooms: number; problems: string[] }> {
  const problems: string[] = [];
  const admin = DEMO_ADMIN_IDS[0];
  const post = poster(as);
  let rooms = 0;
  const created = (r: { status: number; body: Record<string, unknown> }) => r.status === 201 && r.body.duplicate !== true;
  const present = (r: { status: number; body: Record<string, unknown> }) => r.status === 409 || r.body.duplicate === true;
  for (const { office, rooms: list } of DEMO_OFFICES) {
    const o = await post(`${apiUrl}/rooms/offices`, admin, `seed-office-${office.officeId}`, office);
    if (!created(o) && !present(o)) problems.push(`seeding office ${office.officeId}: ${o.status} ${JSON.stringify(o.body)}`);
    for (const room of list) {
      const body = { ...room, equipment: [...room.equipment], workingHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '21:00' } };
      const r = await post(`${apiUrl}/rooms/offices/${office.officeId}/rooms`, admin, `seed-room-${room.roomId}`, body);
      if (created(r)) rooms++;
      else if (!present(r)) problems.push(`seeding room ${room.roomId}: ${r.status} ${JSON.stringify(r.body)}`);
    }
  }
  problems.forEach(say);
  say(rooms ? `seeded ${rooms} demo meeting rooms` : 'demo meeting rooms already present');
  return { rooms, problems };
}

/**
 * The sample floor plans (samples/seating) and a few desk assignments, by the bootstrap admin. Publishing the same
 * plan again and assigning a desk to whom it is assigned already change nothing, so a restart is a no-op.
 */
export async function seedDemoSeating(apiUrl: string, as: ActAs, say: (m: string) => void = () => undefined): Promise<{ problems: string[] }> {
  const problems: string[] = [];
  const admin = DEMO_ADMIN_IDS[0];
  const put = async (p: string, body: unknown) => {
    const res = await fetch(`${apiUrl}${p}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...(await as(admin)) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  for (const plan of DEMO_FLOOR_PLANS) {
    const svg = readFileSync(path.resolve('samples/seating', plan.file), 'utf8');
    const r = await put(SEATING_ROUTES.publishPlan(plan.officeId, plan.floor), { name: plan.name, svg });
    if (r.status !== 200) problems.push(`publishing the plan of ${plan.officeId} floor ${plan.floor}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  for (const desk of DEMO_DESKS) {
    // The employees were hired a moment ago: the identity read model may not have them yet.
    for (let attempt = 0; ; attempt++) {
      const r = await put(SEATING_ROUTES.assignee(desk.officeId, desk.floor, desk.deskId), { employeeId: desk.employeeId });
      if (r.status === 200 || r.body.code === 'seating.desk_occupied' || r.body.code === 'seating.employee_has_desk') break;
      if (r.body.code !== 'seating.unknown_employee' || attempt >= 50) {
        problems.push(`assigning desk ${desk.deskId} to ${desk.employeeId}: ${r.status} ${JSON.stringify(r.body)}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  problems.forEach(say);
  say(`seating: ${DEMO_FLOOR_PLANS.length} floor plans (samples/seating) and ${DEMO_DESKS.length} assigned desks`);
  return { problems };
}

export const DEMO_DISPLAY = { displayId: 'spb-neva-door', roomId: 'spb-neva', label: 'demo: left of the door' };

/**
 * The demo door display: registered once, and a fresh token on every start (tokens are shown only once and only
 * their hash is kept, so a restart cannot print the old one). Returns the token to try the device endpoint with.
 */
export async function seedDemoDisplay(
  apiUrl: string,
  as: ActAs,
  say: (m: string) => void = () => undefined,
): Promise<{ displayId: string; token: string | null }> {
  const admin = DEMO_ADMIN_IDS[0];
  const post = poster(as);
  const r = await post(`${apiUrl}/displays`, admin, `seed-display-${DEMO_DISPLAY.displayId}`, DEMO_DISPLAY);
  if (r.status !== 201 && r.status !== 409) {
    say(`registering the demo display: ${r.status} ${JSON.stringify(r.body)}`);
    return { displayId: DEMO_DISPLAY.displayId, token: null };
  }
  let token = typeof r.body.token === 'string' ? r.body.token : null;
  if (!token) {
    const rotated = await post(`${apiUrl}/displays/${DEMO_DISPLAY.displayId}/rotate-token`, admin, `seed-display-rotate-${Date.now()}`, {});
    token = typeof rotated.body.token === 'string' ? rotated.body.token : null;
    if (!token) say(`rotating the demo display's token: ${rotated.status} ${JSON.stringify(rotated.body)}`);
  }
  return { displayId: DEMO_DISPLAY.displayId, token };
}

/** The sample company documents (samples/knowledge/company) as a file-share knowledge source; the projector syncs it hourly. */
export async function seedDemoKnowledge(apiUrl: string, as: ActAs, say: (m: string) => void = () => undefined): Promise<{ problems: string[] }> {
  const post = poster(as);
  const body = {
    sourceId: 'company-share',
    kind: 'fileshare',
    name: 'Company share (samples)',
    location: path.resolve('samples/knowledge/company'),
    settings: {},
    credentialRef: null,
    syncEveryMinutes: 60,
  };
  const r = await post(`${apiUrl}/knowledge/sources`, DEMO_ADMIN_IDS[0], 'seed-knowledge-company-share', body);
  if (r.status !== 201 && r.body.code !== 'command.idempotency_key_reused') {
    const problem = `seeding the knowledge source: ${r.status} ${JSON.stringify(r.body)}`;
    say(problem);
    return { problems: [problem] };
  }
  say('sample knowledge source company-share configured (samples/knowledge/company)');
  return { problems: [] };
}
