import { DEMO_BIDS, demoLots } from './demo-data';

/** Demo lots and bids through the real API; fixed idempotency keys make a restart a no-op. */
export async function seedDemoData(apiUrl: string, say: (m: string) => void = () => undefined): Promise<{ lots: number; problems: string[] }> {
  const problems: string[] = [];
  let created = 0;
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
  return { lots: created, problems };
}

async function post(url: string, actor: string, key: string, body: unknown) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-employee-id': actor, 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

