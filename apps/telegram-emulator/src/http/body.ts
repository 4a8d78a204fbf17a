import type { IncomingMessage } from 'node:http';
import { badRequest, ApiError } from '../core/errors';
import { multipartBoundary, parseMultipart, type UploadedFile } from './multipart';

export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export interface ParsedBody {
  params: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new ApiError(413, 'Request Entity Too Large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON, x-www-form-urlencoded or multipart/form-data body (anything else is ignored like Telegram does). */
export function parseBody(body: Buffer, contentType: string): ParsedBody {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (body.length === 0) return { params: {}, files: {} };
  if (type === 'application/json') {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      throw badRequest("can't parse JSON request body");
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('request body must be a JSON object');
    return { params: value as Record<string, unknown>, files: {} };
  }
  if (type === 'application/x-www-form-urlencoded') {
    return { params: Object.fromEntries(new URLSearchParams(body.toString('utf8'))), files: {} };
  }
  if (type === 'multipart/form-data') {
    const boundary = multipartBoundary(contentType);
    if (!boundary) throw badRequest('multipart boundary is not specified');
    try {
      const { fields, files } = parseMultipart(body, boundary);
      return { params: fields, files };
    } catch (error) {
      throw badRequest(`can't parse multipart body: ${(error as Error).message}`);
    }
  }
  return { params: {}, files: {} };
}
