import { convertToHtml } from 'mammoth';
import { htmlToText } from './html-text';

/**
 * PDF and DOCX as the normalized text the index takes. PDF through unpdf (the PDF.js build for servers, no native
 * parts, no network): each page's text, pages as paragraphs, the document's Title as the title. DOCX through mammoth,
 * which maps Word's heading styles to HTML headings: then the HTML path, so sections chunk as they do everywhere.
 * A file the parser cannot read throws: the sync records it as failed rather than indexing an empty document.
 */
export async function pdfToText(data: Uint8Array): Promise<{ title: string | null; text: string }> {
  const { getDocumentProxy, extractText } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(data));
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    const { info } = (await pdf.getMetadata().catch(() => ({ info: {} }))) as { info: { Title?: unknown } };
    const title = typeof info.Title === 'string' && info.Title.trim() ? info.Title.trim() : null;
    return {
      title,
      text: text
        .map((page) => page.trim())
        .filter(Boolean)
        .join('\n\n'),
    };
  } finally {
    await pdf.destroy();
  }
}

/** The file types the connectors read, by extension (a share's files, Confluence attachments). */
export const READABLE_FILE_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.html', '.htm', '.pdf', '.docx']);

/** `.pdf` of `Report.PDF`; '' without an extension. */
export const extensionOf = (name: string) => {
  const i = name.lastIndexOf('.');
  return i < 0 ? '' : name.slice(i).toLowerCase();
};

/**
 * A file of one of READABLE_FILE_EXTENSIONS as text, by its name's extension, with the title the file itself gives
 * (PDF metadata, HTML <title> or first heading, a Markdown `# ` line, a DOCX's first heading), null when none.
 */
export async function fileToText(name: string, data: Uint8Array): Promise<{ title: string | null; text: string }> {
  const ext = extensionOf(name);
  if (ext === '.pdf') return pdfToText(data);
  if (ext === '.docx') return docxToText(data);
  const text = Buffer.from(data).toString('utf8');
  if (ext === '.html' || ext === '.htm') return htmlToText(text);
  if (ext === '.md' || ext === '.markdown') return { title: /^#\s+(.+)$/m.exec(text)?.[1].trim() ?? null, text };
  if (ext === '.txt') return { title: null, text };
  throw new Error(`${ext || 'a file without an extension'} is not a readable type`);
}

export async function docxToText(data: Uint8Array): Promise<{ title: string | null; text: string }> {
  const { value } = await convertToHtml({ buffer: Buffer.from(data) });
  return htmlToText(value);
}
