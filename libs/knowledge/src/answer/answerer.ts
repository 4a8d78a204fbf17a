import type { KnowledgeCitationView } from '@megabot/contracts';
import { Ollama } from 'ollama';
import { ollamaProblem } from '../embedding/ollama.embedder';
import { languageOf, stems, type TextLanguage } from '../text/analyze';
import { sentencesOf } from '../text/chunk';
import type { SearchHit } from '../search/search-index';

/** What the assistant answers: text with [n] markers and the sources they point to - only ever from the hits it was given. */
export interface ComposedAnswer {
  mode: 'generated' | 'extractive' | 'unknown';
  text: string;
  citations: KnowledgeCitationView[];
  language: TextLanguage;
}

/**
 * Writes an answer from readable, relevant hits (the search decided both); never sees anything else. `onText`, when
 * given, receives the answer as it is being written (the whole text so far, citation markers already checked), for
 * answerers that write over time; the returned answer is the one that counts.
 */
export interface Answerer {
  answer(question: string, hits: readonly SearchHit[], onText?: (textSoFar: string) => void): Promise<ComposedAnswer>;
}

const MAX_PASSAGES = 4;
const MAX_PER_DOCUMENT = 2;

/** The passages an answer may use: relevant hits, best first, a few per document. */
export function passagesOf(hits: readonly SearchHit[]): SearchHit[] {
  const perDocument = new Map<string, number>();
  const out: SearchHit[] = [];
  for (const hit of hits) {
    if (!hit.relevant) continue;
    const n = perDocument.get(hit.chunk.documentKey) ?? 0;
    if (n >= MAX_PER_DOCUMENT) continue;
    perDocument.set(hit.chunk.documentKey, n + 1);
    out.push(hit);
    if (out.length >= MAX_PASSAGES) break;
  }
  return out;
}

/** Citations numbered per document in the order the passages come. */
function citationsOf(passages: readonly SearchHit[]): { citations: KnowledgeCitationView[]; numberOf: (hit: SearchHit) => number } {
  const citations: KnowledgeCitationView[] = [];
  const numbers = new Map<string, number>();
  for (const { chunk } of passages) {
    if (numbers.has(chunk.documentKey)) continue;
    numbers.set(chunk.documentKey, citations.length + 1);
    citations.push({
      n: citations.length + 1,
      documentKey: chunk.documentKey,
      title: chunk.title,
      breadcrumb: chunk.breadcrumb,
      section: chunk.headings,
      url: chunk.url,
    });
  }
  return { citations, numberOf: (hit) => numbers.get(hit.chunk.documentKey)! };
}

const unknown = (question: string): ComposedAnswer => ({ mode: 'unknown', text: '', citations: [], language: languageOf(question) });

/**
 * The embedded default: the best sentences of the best passages, each paragraph cited. Sentences are ranked by the
 * question's stems they contain; a passage whose sentences share none is quoted from its start.
 */
export class ExtractiveAnswerer implements Answerer {
  async answer(question: string, hits: readonly SearchHit[]): Promise<ComposedAnswer> {
    const passages = passagesOf(hits);
    if (!passages.length) return unknown(question);
    const { citations, numberOf } = citationsOf(passages);
    const wanted = new Set(stems(question));
    const paragraphs = passages.slice(0, 3).map((hit) => {
      const sentences = sentencesOf(hit.chunk.text);
      const scored = sentences.map((s, i) => ({ i, s, score: new Set(stems(s).filter((t) => wanted.has(t))).size }));
      const best = scored
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score || a.i - b.i)
        .slice(0, 2)
        .sort((a, b) => a.i - b.i)
        .map((x) => x.s);
      const quoted = best.length ? best : sentences.slice(0, 2);
      return `${quoted.join(' ')} [${numberOf(hit)}]`;
    });
    return { mode: 'extractive', text: [...new Set(paragraphs)].join('\n\n'), citations, language: languageOf(question) };
  }
}

/** The default answer model: multilingual, small enough for a CPU. */
export const DEFAULT_OLLAMA_ANSWER_MODEL = 'qwen2.5:3b';
const NO_ANSWER = 'NO_ANSWER';

/**
 * Answers written by a model in Ollama (`OLLAMA_URL`, `OLLAMA_ANSWER_MODEL`) from the passages only, citing them
 * as [n]. The model sees nothing but the readable passages the search returned, so it cannot quote anything else;
 * markers it invents are removed, and an answer citing nothing is not given. If the model is unreachable or says
 * the passages do not answer, the extractive answer (or "I don't know") stands in.
 */
export class OllamaAnswerer implements Answerer {
  private readonly client: Ollama;
  private readonly fallback = new ExtractiveAnswerer();

  constructor(
    host: string,
    private readonly model = DEFAULT_OLLAMA_ANSWER_MODEL,
    private readonly onProblem: (message: string) => void = () => undefined,
    fetchImpl?: typeof fetch,
  ) {
    this.client = new Ollama({ host, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
  }

  async answer(question: string, hits: readonly SearchHit[], onText?: (textSoFar: string) => void): Promise<ComposedAnswer> {
    const passages = passagesOf(hits);
    if (!passages.length) return unknown(question);
    const { citations, numberOf } = citationsOf(passages);
    const language = languageOf(question);
    const context = passages
      .map((hit) => `[${numberOf(hit)}] ${hit.chunk.title}${hit.chunk.headings.length ? ` › ${hit.chunk.headings.join(' › ')}` : ''}\n${hit.chunk.text}`)
      .join('\n\n');
    const valid = new Set(citations.map((c) => c.n));
    const checked = (raw: string) => raw.replace(/\[(\d+)\]/g, (m, n) => (valid.has(Number(n)) ? m : '')).trim();
    let text = '';
    try {
      const request = {
        model: this.model,
        options: { temperature: 0 },
        messages: [
          {
            role: 'system',
            content:
              `You answer employees' questions using ONLY the numbered passages from the company's knowledge base. ` +
              `Cite every statement with the passage number in square brackets, like [1]. Answer in ${language === 'ru' ? 'Russian' : 'English'}, briefly. ` +
              `If the passages do not contain the answer, reply exactly ${NO_ANSWER}.`,
          },
          { role: 'user', content: `Passages:\n\n${context}\n\nQuestion: ${question}` },
        ],
      };
      if (onText) {
        // Streamed: each part as it comes, once it cannot be the start of NO_ANSWER any more.
        let shown = '';
        for await (const part of await this.client.chat({ ...request, stream: true })) {
          text += part.message.content;
          const soFar = text.trimStart();
          if (NO_ANSWER.startsWith(soFar) || soFar.includes(NO_ANSWER) || checked(soFar) === shown) continue;
          shown = checked(soFar);
          onText(shown);
        }
      } else text = (await this.client.chat({ ...request, stream: false })).message.content;
      text = text.trim();
    } catch (e) {
      this.onProblem(`knowledge answer model (${this.model}) failed: ${ollamaProblem(e)}; answering extractively`);
      return this.fallback.answer(question, hits);
    }
    if (text.includes(NO_ANSWER)) return unknown(question);
    text = checked(text);
    const cited = new Set([...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
    if (!cited.size) return this.fallback.answer(question, hits);
    return { mode: 'generated', text, citations: citations.filter((c) => cited.has(c.n)), language };
  }
}
