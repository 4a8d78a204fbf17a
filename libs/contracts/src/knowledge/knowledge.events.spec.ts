import { knowledgeDocumentKey, knowledgeDocumentStreamId, knowledgeReadable, type KnowledgeAccess } from './knowledge.events';

const reader = (tokens: string[], clearance: 'public' | 'internal' | 'confidential' | 'secret' | null = 'internal') => ({
  tokens: new Set(tokens),
  clearance,
});

describe('knowledgeReadable', () => {
  const restricted: KnowledgeAccess = { public: false, allow: ['department:finance', 'user:e-bob'], classification: 'internal' };

  it('lets a reader in through any one allowed token', () => {
    expect(knowledgeReadable(restricted, reader(['department:finance']))).toBe(true);
    expect(knowledgeReadable(restricted, reader(['user:e-bob']))).toBe(true);
  });

  it('refuses a reader with none of the tokens, and a document nobody is allowed', () => {
    expect(knowledgeReadable(restricted, reader(['department:sales', 'user:e-anna']))).toBe(false);
    expect(knowledgeReadable({ public: false, allow: [], classification: 'public' }, reader(['user:e-anna'], 'secret'))).toBe(false);
  });

  it('lets everyone cleared read a public document, and nobody below its classification', () => {
    const pub: KnowledgeAccess = { public: true, allow: [], classification: 'confidential' };
    expect(knowledgeReadable(pub, reader([], 'confidential'))).toBe(true);
    expect(knowledgeReadable(pub, reader([], 'secret'))).toBe(true);
    expect(knowledgeReadable(pub, reader([], 'internal'))).toBe(false);
    expect(knowledgeReadable(restricted, reader(['department:finance'], 'public'))).toBe(false);
  });

  it('refuses a reader without a clearance (not an active employee)', () => {
    expect(knowledgeReadable({ public: true, allow: [], classification: 'public' }, reader([], null))).toBe(false);
  });
});

describe('knowledgeDocumentKey', () => {
  it('keeps any native id reversible and out of the separator', () => {
    const key = knowledgeDocumentKey('share', 'HR/Отпуск: правила.md');
    expect(key).toBe(`share:${encodeURIComponent('HR/Отпуск: правила.md')}`);
    expect(decodeURIComponent(key.slice('share:'.length))).toBe('HR/Отпуск: правила.md');
    expect(knowledgeDocumentStreamId('share', 'a b')).toBe('knowledge-doc-share:a%20b');
  });
});
