import * as fs from 'node:fs';
import * as path from 'node:path';
import { dumpParse } from './dump';
import { parsePayload } from './payload-parser';
import { parseVector } from './vectors';

export const VECTOR_DIR = path.resolve(__dirname, '../../../../firmware/test/vectors');
const files = fs
  .readdirSync(VECTOR_DIR)
  .filter((f) => f.endsWith('.txt'))
  .sort();

describe('TS payload parser against the firmware vectors', () => {
  it('finds the shared vectors', () => expect(files.length).toBeGreaterThanOrEqual(25));
  it.each(files)('%s', (file) => {
    const v = parseVector(file, fs.readFileSync(path.join(VECTOR_DIR, file), 'utf8'));
    expect(dumpParse(parsePayload(v.payload))).toBe(v.expect);
  });

  it('parses very long lines safely', () => {
    const long = 'x'.repeat(100_000);
    const r = parsePayload(`v=1\nroom=Нева\nnow=2025-03-14T10:04+03:00\n${long}\nst=${long}\nm=10:00|11:00||${long}\n${long}=1\nqr=${long}\n`);
    expect(r.ok && r.schedule).toMatchObject({ status: { kind: 'unknown' }, truncatedTitle: true, qr: '' });
  });
});
