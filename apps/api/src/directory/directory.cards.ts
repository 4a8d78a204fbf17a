import { DIRECTORY_PRIVACY_FIELDS, isAdmin, type Actor, type DirectoryCardView, type DirectoryPersonView } from '@megabot/contracts';
import type { DirectoryEmployeeRow } from '@megabot/read-model';

/*
 * What an asker may see of an employee. The one place the directory's
 * privacy flags are applied: every route (search, card, vCard) builds its
 * answer from these functions, so a hidden field cannot leak through one of
 * them. The employee, their managers up the chain and admins see
 * everything; other colleagues see what the employee allows.
 */

export function personView(row: DirectoryEmployeeRow): DirectoryPersonView {
  return { employeeId: row.employee_id, fullName: row.full_name, position: row.position, department: row.department, office: row.office };
}

/** Whether the asker sees everything of the employee. */
export function seesEverything(viewer: Actor, row: DirectoryEmployeeRow, chain: readonly DirectoryEmployeeRow[]): boolean {
  return viewer.employeeId === row.employee_id || isAdmin(viewer) || chain.some((m) => m.employee_id === viewer.employeeId);
}

export function cardView(
  viewer: Actor,
  row: DirectoryEmployeeRow,
  related: { chain: readonly DirectoryEmployeeRow[]; reports: readonly DirectoryEmployeeRow[] },
  options: { asColleague?: boolean } = {},
): DirectoryCardView {
  const all = !options.asColleague && seesEverything(viewer, row, related.chain);
  const hidden = all ? [] : DIRECTORY_PRIVACY_FIELDS.filter((f) => !row.privacy[f]);
  const shows = (f: (typeof DIRECTORY_PRIVACY_FIELDS)[number]) => !hidden.includes(f);
  return {
    ...personView(row),
    projects: [...row.projects],
    email: shows('email') ? row.email : null,
    telegramUserId: shows('telegram') && row.telegram_user_id !== null ? Number(row.telegram_user_id) : null,
    photo: shows('photo') ? row.photo : null,
    manager: related.chain.length ? personView(related.chain[0]) : null,
    managerChain: related.chain.map(personView),
    directReports: related.reports.map(personView),
    hidden,
    privacy: !options.asColleague && (viewer.employeeId === row.employee_id || isAdmin(viewer)) ? { ...row.privacy } : null,
  };
}

/* ------------------------------------------------------------------ vCard */

/** Text value escaping of RFC 6350 §3.4 (also what vCard 3.0 readers expect). */
const escape = (v: string) =>
  v
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/([,;])/g, '\\$1');

/** Lines folded at 75 octets (RFC 6350 §3.2), never inside a UTF-8 character. */
function fold(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    const limit = out.length ? 74 : 75; // a continuation line starts with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** The card as a vCard 4.0 (RFC 6350): only what the card itself shows the asker. */
export function vcardOf(card: DirectoryCardView): string {
  const words = card.fullName.trim().split(/\s+/);
  const family = words.length > 1 ? words[words.length - 1] : '';
  const given = words.length > 1 ? words.slice(0, -1).join(' ') : words[0];
  const lines = [
    'BEGIN:VCARD',
    'VERSION:4.0',
    `FN:${escape(card.fullName)}`,
    `N:${escape(family)};${escape(given)};;;`,
    `TITLE:${escape(card.position)}`,
    `ORG:;${escape(card.department)}`,
    `UID:urn:megabot:employee:${escape(card.employeeId)}`,
  ];
  if (card.email) lines.push(`EMAIL;TYPE=work:${escape(card.email)}`);
  if (card.telegramUserId !== null) lines.push(`IMPP;PREF=1:tg://user?id=${card.telegramUserId}`);
  if (card.photo?.startsWith('https://')) lines.push(`PHOTO:${card.photo}`);
  if (card.office) lines.push(`X-OFFICE:${escape(card.office)}`);
  if (card.manager) lines.push(`RELATED;TYPE=co-worker:urn:megabot:employee:${escape(card.manager.employeeId)}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('\r\n') + '\r\n';
}
