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

export async function docxToText(data: Uint8Array): Promise<{ title: string | null; text: string }> {
  const { value } = await convertToHtml({ buffer: Buffer.from(data) });
  return htmlToText(value);
}
