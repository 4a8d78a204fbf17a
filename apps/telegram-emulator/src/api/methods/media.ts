import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { badRequest } from '../../core/errors';
import type { StoredFile } from '../../core/store';
import type { Document, PhotoSize } from '../../types';
import type { MethodCall, MethodTable } from '../dispatcher';
import type { InputFileRef } from '../params';
import { imageInfo } from './image-info';
import { formatMessageText, MAX_CAPTION_LENGTH } from './messages';
import { completeSend, prepareSend } from './send-common';

let fileSeq = 0;

const newFileIds = (kind: StoredFile['kind']): { file_id: string; file_unique_id: string } => ({
  file_id: (kind === 'photo' ? 'AgACAgIAAxkBAAI' : 'BQACAgIAAxkBAAI') + randomBytes(36).toString('base64url'),
  file_unique_id: (kind === 'photo' ? 'AQAD' : 'AgAD') + randomBytes(9).toString('base64url'),
});

/** Resolves an InputFile into a stored file (upload, reuse by file_id, or remote URL) with Telegram's errors. */
function storeInputFile(call: MethodCall, ref: InputFileRef, kind: StoredFile['kind']): StoredFile {
  const { ctx } = call;
  if (ref.kind === 'file_id') {
    const existing = ctx.store.files.get(ref.fileId);
    if (!existing) throw badRequest('wrong file identifier/HTTP URL specified');
    if (existing.kind !== kind) throw badRequest('type of file mismatch');
    return existing;
  }
  const ids = newFileIds(kind);
  const seq = fileSeq++;
  if (ref.kind === 'url') {
    const name = path.basename(new URL(ref.url).pathname) || `file_${seq}`;
    const file: StoredFile = { ...ids, kind, url: ref.url, file_name: name, file_path: `${kind}s/file_${seq}${path.extname(name)}` };
    if (kind === 'photo') Object.assign(file, { width: 0, height: 0 });
    ctx.store.files.set(file.file_id, file);
    return file;
  }
  const upload = ref.file;
  if (upload.data.length === 0) throw badRequest('file must be non-empty');
  if (kind === 'photo') {
    const info = imageInfo(upload.data);
    if (!info) throw badRequest('IMAGE_PROCESS_FAILED');
    const file: StoredFile = {
      ...ids,
      kind,
      data: upload.data,
      mime_type: info.mime,
      file_size: upload.data.length,
      width: info.width,
      height: info.height,
      file_path: `photos/file_${seq}.${info.ext}`,
    };
    ctx.store.files.set(file.file_id, file);
    return file;
  }
  const file: StoredFile = {
    ...ids,
    kind,
    data: upload.data,
    file_name: upload.filename,
    mime_type: upload.contentType || 'application/octet-stream',
    file_size: upload.data.length,
    file_path: `documents/file_${seq}${path.extname(upload.filename)}`,
  };
  ctx.store.files.set(file.file_id, file);
  return file;
}

function caption(call: MethodCall) {
  const formatted = formatMessageText(call, 'caption', 'parse_mode', 'caption_entities');
  if (formatted.text.length > MAX_CAPTION_LENGTH) throw badRequest('message caption is too long');
  return formatted.text ? { caption: formatted.text, ...(formatted.entities.length ? { caption_entities: formatted.entities } : {}) } : {};
}

export const mediaMethods: MethodTable = {
  sendPhoto: (call) => {
    const send = prepareSend(call, () => {
      const ref = call.params.inputFile('photo');
      if (!ref) throw badRequest('there is no photo in the request');
      return { file: storeInputFile(call, ref, 'photo'), caption: caption(call) };
    });
    const { file } = send.content;
    const photo: PhotoSize = { file_id: file.file_id, file_unique_id: file.file_unique_id, width: file.width ?? 0, height: file.height ?? 0 };
    if (file.file_size !== undefined) photo.file_size = file.file_size;
    return completeSend(call, send, { photo: [photo], ...send.content.caption });
  },

  sendDocument: (call) => {
    const send = prepareSend(call, () => {
      const ref = call.params.inputFile('document');
      if (!ref) throw badRequest('there is no document in the request');
      return { file: storeInputFile(call, ref, 'document'), caption: caption(call) };
    });
    const { file } = send.content;
    const document: Document = { file_id: file.file_id, file_unique_id: file.file_unique_id };
    if (file.file_name) document.file_name = file.file_name;
    if (file.mime_type) document.mime_type = file.mime_type;
    if (file.file_size !== undefined) document.file_size = file.file_size;
    return completeSend(call, send, { document, ...send.content.caption });
  },

  getFile: ({ ctx, params }) => {
    const fileId = params.string('file_id');
    if (!fileId) throw badRequest('file_id is empty');
    const file = ctx.store.files.get(fileId);
    if (!file) throw badRequest('invalid file_id');
    return {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      ...(file.file_size !== undefined ? { file_size: file.file_size } : {}),
      file_path: file.file_path,
    };
  },
};
