import { badRequest } from '../core/errors';
import type { UploadedFile } from '../http/multipart';

/** Input file of a send method: an upload, an existing file_id, or an HTTP URL. */
export type InputFileRef = { kind: 'upload'; file: UploadedFile } | { kind: 'file_id'; fileId: string } | { kind: 'url'; url: string };

/**
 * Bot API parameters from the query string and the body. Values from query/form bodies are strings; like Telegram,
 * numbers, booleans and JSON objects are accepted both as native JSON values and as strings.
 */
export class Params {
  constructor(
    readonly raw: Record<string, unknown>,
    readonly files: Record<string, UploadedFile> = {},
  ) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== '';
  }

  string(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw badRequest(`field "${name}" must be of type String`);
  }

  int(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
    if (!Number.isSafeInteger(n)) throw badRequest(`field "${name}" must be of type Integer`);
    return n;
  }

  float(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isFinite(n)) throw badRequest(`field "${name}" must be of type Float`);
    return n;
  }

  bool(name: string): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string') {
      const s = v.trim().toLowerCase();
      if (s === 'true' || s === '1') return true;
      if (s === 'false' || s === '0') return false;
    }
    throw badRequest(`field "${name}" must be of type Boolean`);
  }

  /** A JSON-serialized object/array parameter (accepts a JSON string or a native value). */
  json(name: string, what = 'JSON object'): unknown {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      throw badRequest(`can't parse ${what}`);
    }
  }

  /** chat_id: Integer or String (@username); Telegram answers "chat_id is empty" when missing. */
  chatId(name = 'chat_id'): number | string {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') throw badRequest(`${name} is empty`);
    if (typeof v === 'number') return v;
    if (typeof v === 'string') {
      const s = v.trim();
      if (/^-?\d+$/.test(s)) return Number(s);
      if (s.startsWith('@')) return s;
      throw badRequest('chat not found');
    }
    throw badRequest(`field "${name}" must be of type Integer or String`);
  }

  requireInt(name: string, missing = `${name} is empty`): number {
    const n = this.int(name);
    if (n === undefined) throw badRequest(missing);
    return n;
  }

  /** An InputFile parameter: multipart upload (field itself or attach://name), file_id, or URL. */
  inputFile(name: string): InputFileRef | undefined {
    const upload = this.files[name];
    if (upload) return { kind: 'upload', file: upload };
    const v = this.string(name);
    if (v === undefined || v === '') return undefined;
    if (v.startsWith('attach://')) {
      const attached = this.files[v.slice('attach://'.length)];
      if (!attached) throw badRequest('wrong file identifier/HTTP URL specified');
      return { kind: 'upload', file: attached };
    }
    if (/^https?:\/\//i.test(v)) return { kind: 'url', url: v };
    return { kind: 'file_id', fileId: v };
  }
}
