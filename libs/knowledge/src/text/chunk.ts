/**
 * Splits a document body (normalized by the connectors: `#` heading lines, paragraphs separated by blank lines)
 * into chunks for retrieval: by section first, then by paragraph, packing paragraphs of one section into a chunk
 * up to `maxWords` (≈ 300-500 tokens), and cutting a paragraph longer than that at sentence ends. A chunk never
 * spans two sections, so its heading path says what it is about; the document's title and breadcrumb are
 * prefixed to the text that is indexed, so "vacation policy" finds the paragraph that only says "28 days".
 * Chunks keep their order (`ordinal`): a neighbour is ordinal ± 1 of the same document.
 */
export interface DocumentChunk {
  ordinal: number;
  /** Section headings from the outermost, without the document title. */
  headings: string[];
  /** The passage as written (what an answer quotes). */
  text: string;
  /** Title, breadcrumb, headings and text: what the lexical index and the embedder see. */
  indexText: string;
}

export interface ChunkOptions {
  maxWords?: number;
  /** A section's tail shorter than this joins the previous chunk of the section instead of standing alone. */
  minWords?: number;
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const wordCount = (s: string) => (s.match(/\S+/g) ?? []).length;

export function chunkDocument(doc: { title: string; breadcrumb: readonly string[]; body: string }, options: ChunkOptions = {}): DocumentChunk[] {
  const maxWords = options.maxWords ?? 320;
  const minWords = options.minWords ?? 40;
  const sections: { headings: string[]; paragraphs: string[] }[] = [];
  let path: { level: number; text: string }[] = [];
  let current = { headings: [] as string[], paragraphs: [] as string[] };
  sections.push(current);
  let paragraph: string[] = [];
  const endParagraph = () => {
    const text = paragraph.join('\n').trim();
    if (text) current.paragraphs.push(text);
    paragraph = [];
  };
  for (const line of doc.body.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = HEADING.exec(line);
    if (heading) {
      endParagraph();
      const level = heading[1].length;
      path = [...path.filter((h) => h.level < level), { level, text: heading[2] }];
      const headings = path.map((h) => h.text).filter((h, i) => !(i === 0 && h === doc.title));
      current = { headings, paragraphs: [] };
      sections.push(current);
    } else if (line.trim() === '') endParagraph();
    else paragraph.push(line);
  }
  endParagraph();

  const chunks: DocumentChunk[] = [];
  const prefix = (headings: string[]) => [...doc.breadcrumb, doc.title, ...headings].filter(Boolean).join(' › ');
  for (const section of sections) {
    const pieces = section.paragraphs.flatMap((p) => (wordCount(p) > maxWords ? splitLong(p, maxWords) : [p]));
    const packed: string[][] = [];
    let open: string[] = [];
    let words = 0;
    for (const piece of pieces) {
      const n = wordCount(piece);
      if (open.length && words + n > maxWords) {
        packed.push(open);
        open = [];
        words = 0;
      }
      open.push(piece);
      words += n;
    }
    if (open.length) {
      const last = packed.at(-1);
      if (last && words < minWords && wordCount(last.join(' ')) + words <= maxWords * 1.25) last.push(...open);
      else packed.push(open);
    }
    if (!packed.length && section.headings.length === 0) continue;
    for (const group of packed) {
      const text = group.join('\n\n');
      chunks.push({ ordinal: chunks.length, headings: section.headings, text, indexText: `${prefix(section.headings)}\n${text}` });
    }
  }
  if (!chunks.length) chunks.push({ ordinal: 0, headings: [], text: doc.title, indexText: prefix([]) });
  return chunks;
}

/** Cuts a long paragraph at sentence ends (at words when one sentence is longer than the limit). */
function splitLong(paragraph: string, maxWords: number): string[] {
  const sentences = paragraph.match(/[^.!?…]+(?:[.!?…]+|$)\s*/g) ?? [paragraph];
  const out: string[] = [];
  let open = '';
  for (const sentence of sentences) {
    const pieces =
      wordCount(sentence) > maxWords
        ? Array.from({ length: Math.ceil(wordCount(sentence) / maxWords) }, (_, i) =>
            sentence
              .split(/\s+/)
              .slice(i * maxWords, (i + 1) * maxWords)
              .join(' '),
          )
        : [sentence];
    for (const piece of pieces) {
      if (open && wordCount(open) + wordCount(piece) > maxWords) {
        out.push(open.trim());
        open = '';
      }
      open += piece;
    }
  }
  if (open.trim()) out.push(open.trim());
  return out;
}

/** The sentences of a passage (for extractive answers): split at . ! ? … and line ends, list items kept whole. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/\n+/)
    .flatMap((line) => line.match(/[^.!?…]+(?:[.!?…]+(?=\s|$)|$)/g) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length > 1);
}
