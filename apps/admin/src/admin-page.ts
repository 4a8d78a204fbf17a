import type { LotListView, LotSummaryView } from '@megabot/contracts';

const esc = (s: string | number) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const money = (minor: number | null, currency: string) =>
  minor === null ? '—' : new Intl.NumberFormat('ru-RU', { style: 'currency', currency }).format(minor / 100);

/** The admin overview page, rendered on the server from the API's read side. */
export function renderLotsPage(list: LotListView, apiUrl: string, now: Date): string {
  const rows = list.items.map((l) => lotRow(l, now)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Megabot admin — auction</title>
<link rel="icon" href="data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><rect width='16' height='16' rx='3' fill='%232481cc'/></svg>">
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1b2733; background: #f4f6f9; }
  header { background: #1f3b57; color: #fff; padding: 14px 28px; display: flex; gap: 24px; align-items: baseline; }
  header h1 { font-size: 18px; margin: 0; }
  header a { color: #cfe3ff; }
  main { padding: 24px 28px; }
  table { border-collapse: collapse; width: 100%; background: #fff; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
  th, td { text-align: left; padding: 10px 12px; border-bottom: 1px solid #e6eaf0; }
  th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #5b6b7c; background: #fafbfc; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .status { padding: 2px 8px; border-radius: 10px; font-size: 12px; }
  .open { background: #e3f5e9; color: #1e7b43; } .closed { background: #eceff3; color: #5b6b7c; }
  .empty { padding: 32px; text-align: center; color: #5b6b7c; }
</style>
</head>
<body>
<header><h1>Megabot admin</h1><span>Auction lots (${list.total})</span><a href="${esc(apiUrl)}/docs">API docs</a></header>
<main>
<table>
<thead><tr><th>Lot</th><th>Kind</th><th>Seller</th><th>Status</th><th class="num">Price</th><th>Leader</th><th class="num">Bids</th><th>Closes</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="8" class="empty">No lots yet</td></tr>'}
</tbody>
</table>
</main>
</body>
</html>`;
}

function lotRow(l: LotSummaryView, now: Date): string {
  const open = l.status === 'open' && Date.parse(l.closesAt) > now.getTime();
  return `<tr data-lot="${esc(l.lotId)}"><td>${esc(l.title)}</td><td>${esc(l.kind.replace('_', ' '))}</td><td>${esc(l.sellerId)}</td>
<td><span class="status ${open ? 'open' : 'closed'}">${open ? 'open' : 'closed'}</span></td>
<td class="num">${esc(money(l.currentPrice ?? l.startingPrice, l.currency))}</td><td>${esc(l.leaderId ?? '—')}</td><td class="num">${l.bidCount}</td>
<td>${esc(new Date(l.closesAt).toISOString().replace('T', ' ').slice(0, 16))} UTC</td></tr>`;
}
