import type { KnowledgeAccess } from '@megabot/contracts';
import type { Embedder } from '../embedding/embedder';
import type { IndexedChunk } from '../search/search-index';
import { chunkDocument } from '../text/chunk';

/**
 * A small company knowledge base in Russian and English (wiki, Confluence, file share), with restricted pages, and
 * labelled questions over it: which documents answer each (none: the assistant must say it does not know). Used by
 * the retrieval-quality and leak tests of the index and by the projection/API tests.
 */
export interface FixtureDocument {
  sourceId: string;
  nativeId: string;
  title: string;
  breadcrumb: string[];
  url: string;
  language: 'ru' | 'en';
  access: KnowledgeAccess;
  body: string;
}

const everyone: KnowledgeAccess = { public: true, allow: [], classification: 'internal' };

export const FIXTURE_DOCUMENTS: FixtureDocument[] = [
  {
    sourceId: 'wiki',
    nativeId: '101',
    title: 'Vacation policy',
    breadcrumb: ['HR', 'Policies'],
    url: 'https://wiki.example.com/wiki/Vacation_policy',
    language: 'en',
    access: everyone,
    body: `# Vacation policy

Every employee is entitled to 28 calendar days of paid annual leave per year. Unused days carry over to the next year, up to 14 days.

## Requesting leave

Submit a leave request in the HR portal at least two weeks before the first day of leave. Your line manager approves it.

## Sick leave

If you fall ill, notify your manager on the first day and send the doctor's certificate to HR within three days after you return.`,
  },
  {
    sourceId: 'wiki',
    nativeId: '102',
    title: 'Отпуск и больничный',
    breadcrumb: ['Кадры', 'Правила'],
    url: 'https://wiki.example.com/wiki/Отпуск',
    language: 'ru',
    access: everyone,
    body: `# Отпуск и больничный

Каждому сотруднику положено 28 календарных дней оплачиваемого ежегодного отпуска. Неиспользованные дни переносятся на следующий год, но не более 14 дней.

## Как оформить отпуск

Заявление на отпуск подаётся в кадровом портале не позднее чем за две недели до начала отпуска. Заявление согласует руководитель.

## Больничный

Если вы заболели, сообщите руководителю в первый день болезни и передайте больничный лист в отдел кадров в течение трёх дней после выхода на работу.`,
  },
  {
    sourceId: 'confluence',
    nativeId: '2001',
    title: 'VPN setup',
    breadcrumb: ['IT', 'Remote work'],
    url: 'https://confluence.example.com/pages/2001',
    language: 'en',
    access: everyone,
    body: `# VPN setup

To work from home you need the corporate VPN. Install the WireGuard client and import the configuration file from the self-service portal.

## Troubleshooting

If the connection drops every few minutes, switch the MTU to 1380 in the client settings. Still failing? Open a ticket with the service desk.`,
  },
  {
    sourceId: 'confluence',
    nativeId: '2002',
    title: 'Удалённый доступ через VPN',
    breadcrumb: ['ИТ', 'Удалённая работа'],
    url: 'https://confluence.example.com/pages/2002',
    language: 'ru',
    access: everyone,
    body: `# Удалённый доступ через VPN

Для работы из дома нужен корпоративный VPN. Установите клиент WireGuard и загрузите файл конфигурации с портала самообслуживания.

## Если соединение обрывается

Если соединение разрывается каждые несколько минут, уменьшите MTU до 1380 в настройках клиента. Не помогло — создайте заявку в службу поддержки.`,
  },
  {
    sourceId: 'confluence',
    nativeId: '2003',
    title: 'Password reset',
    breadcrumb: ['IT', 'Accounts'],
    url: 'https://confluence.example.com/pages/2003',
    language: 'en',
    access: everyone,
    body: `# Password reset

Passwords expire every 90 days. To change a forgotten password, open the self-service portal, choose "Forgot password" and confirm with the code sent to your phone.

Passwords must have at least 12 characters and may not repeat any of the last five.`,
  },
  {
    sourceId: 'share',
    nativeId: 'Office/Парковка.md',
    title: 'Парковка у офиса',
    breadcrumb: ['Офис', 'Хозяйственные вопросы'],
    url: 'file://share/Office/Парковка.md',
    language: 'ru',
    access: everyone,
    body: `# Парковка у офиса

Гостевые места на парковке бронируются через ресепшен за один рабочий день. Сотрудникам выдаётся пропуск на подземную парковку по заявке в административный отдел.

Электромобили можно заряжать на местах 12–15 второго уровня бесплатно.`,
  },
  {
    sourceId: 'share',
    nativeId: 'Finance/Expenses.md',
    title: 'Business travel expenses',
    breadcrumb: ['Finance'],
    url: 'file://share/Finance/Expenses.md',
    language: 'en',
    access: everyone,
    body: `# Business travel expenses

The daily allowance on business trips is 50 euros abroad and 1500 roubles in Russia. Keep every receipt: hotel and taxi costs are reimbursed only with a receipt.

Submit the expense report within five working days after the trip ends.`,
  },
  {
    sourceId: 'share',
    nativeId: 'Finance/Командировки.md',
    title: 'Командировочные расходы',
    breadcrumb: ['Финансы'],
    url: 'file://share/Finance/Командировки.md',
    language: 'ru',
    access: everyone,
    body: `# Командировочные расходы

Суточные в командировке составляют 1500 рублей по России и 50 евро за границей. Сохраняйте все чеки: расходы на гостиницу и такси возмещаются только по чекам.

Авансовый отчёт сдаётся в бухгалтерию в течение пяти рабочих дней после возвращения.`,
  },
  {
    sourceId: 'confluence',
    nativeId: '3001',
    title: 'Salary review 2027',
    breadcrumb: ['Finance', 'Compensation'],
    url: 'https://confluence.example.com/pages/3001',
    language: 'en',
    access: { public: false, allow: ['department:Finance', 'group:confluence/hr-leads'], classification: 'confidential' },
    body: `# Salary review 2027

The salary review budget for 2027 is 7 percent of the payroll, codename BLUEHERON. Raises take effect on the first of April.`,
  },
  {
    sourceId: 'wiki',
    nativeId: '900',
    title: 'Проект Сокол: архитектура',
    breadcrumb: ['Проекты', 'Сокол'],
    url: 'https://wiki.example.com/wiki/Сокол',
    language: 'ru',
    access: { public: false, allow: ['project:sokol'], classification: 'internal' },
    body: `# Проект Сокол: архитектура

Сервис платежей проекта Сокол работает на кластере Kafka из пяти брокеров; секретное кодовое слово релиза — ИЗУМРУД.`,
  },
  {
    sourceId: 'confluence',
    nativeId: '4001',
    title: 'Onboarding checklist',
    breadcrumb: ['HR', 'Onboarding'],
    url: 'https://confluence.example.com/pages/4001',
    language: 'en',
    access: everyone,
    body: `# Onboarding checklist

On your first day you receive a laptop, a badge and an account. During the first week, meet your buddy, complete the security training and set up two-factor authentication.`,
  },
  {
    sourceId: 'wiki',
    nativeId: '205',
    title: 'Переговорные комнаты',
    breadcrumb: ['Офис'],
    url: 'https://wiki.example.com/wiki/Переговорные',
    language: 'ru',
    access: everyone,
    body: `# Переговорные комнаты

Переговорные бронируются через бота: команда /rooms. Если никто не отметился в течение 10 минут после начала встречи, бронь снимается автоматически.`,
  },
];

export const docKey = (d: Pick<FixtureDocument, 'sourceId' | 'nativeId'>) => `${d.sourceId}:${encodeURIComponent(d.nativeId)}`;

/** A labelled question: the documents that answer it (any one of them counts), none for a question the base cannot answer. */
export interface FixtureQuestion {
  question: string;
  relevant: string[];
}

const k = (sourceId: string, nativeId: string) => docKey({ sourceId, nativeId });
const VACATION = [k('wiki', '101'), k('wiki', '102')];
const VPN = [k('confluence', '2001'), k('confluence', '2002')];
const PASSWORD = [k('confluence', '2003')];
const PARKING = [k('share', 'Office/Парковка.md')];
const TRAVEL = [k('share', 'Finance/Expenses.md'), k('share', 'Finance/Командировки.md')];
const ONBOARDING = [k('confluence', '4001')];
const ROOMS = [k('wiki', '205')];

export const FIXTURE_QUESTIONS: FixtureQuestion[] = [
  // English, the document's words
  { question: 'How many days of paid annual leave do I get?', relevant: VACATION },
  { question: 'How do I request leave?', relevant: VACATION },
  { question: 'VPN connection drops every few minutes', relevant: VPN },
  { question: 'How do I reset a forgotten password?', relevant: PASSWORD },
  { question: 'What is the daily allowance on business trips?', relevant: TRAVEL },
  { question: 'What do I get on my first day?', relevant: ONBOARDING },
  { question: 'How long must a password be?', relevant: PASSWORD },
  // English, paraphrased
  { question: 'How much vacation time do employees have?', relevant: VACATION },
  { question: 'I am sick, what should I do?', relevant: VACATION },
  { question: 'How can I connect to the corporate network from home?', relevant: VPN },
  { question: 'When do passwords expire?', relevant: PASSWORD },
  { question: 'Are taxi costs reimbursed on a trip?', relevant: TRAVEL },
  { question: 'What should a new hire do in the first week?', relevant: ONBOARDING },
  // Russian, the document's words
  { question: 'Сколько дней отпуска положено сотруднику?', relevant: VACATION },
  { question: 'Как оформить отпуск?', relevant: VACATION },
  { question: 'Что делать, если я заболел?', relevant: VACATION },
  { question: 'Соединение VPN обрывается каждые несколько минут', relevant: VPN },
  { question: 'Как забронировать гостевое место на парковке?', relevant: PARKING },
  { question: 'Какие суточные в командировке?', relevant: TRAVEL },
  { question: 'Как забронировать переговорную?', relevant: ROOMS },
  // Russian, paraphrased / inflected
  { question: 'Где зарядить электромобиль?', relevant: PARKING },
  { question: 'Как работать из дома через впн?', relevant: VPN },
  { question: 'Когда сдавать авансовый отчёт после командировки?', relevant: TRAVEL },
  { question: 'Переносятся ли неиспользованные дни отпуска?', relevant: VACATION },
  { question: 'Пропуск на подземную парковку', relevant: PARKING },
  { question: 'Снимется ли бронь переговорной, если никто не пришёл?', relevant: ROOMS },
  // Unanswerable
  { question: 'What is the dress code for the summer party?', relevant: [] },
  { question: 'Who won the chess tournament in 2019?', relevant: [] },
  { question: 'Какая столовая лучше в Казани?', relevant: [] },
  { question: 'Сколько стоит абонемент в бассейн?', relevant: [] },
];

/** Words that occur only in restricted documents: no answer to a reader without rights may contain one. */
export const RESTRICTED_SECRETS = ['BLUEHERON', '7 percent', 'ИЗУМРУД', 'Kafka'];

/** The chunks of a fixture document as the projection would index them (vectors by the embedder where it covers the language). */
export async function indexedChunksOf(d: FixtureDocument, embedder?: Embedder): Promise<IndexedChunk[]> {
  const chunks = chunkDocument(d);
  const vectors = embedder?.covers(d.language) ? await embedder.embed(chunks.map((c) => c.indexText)) : [];
  return chunks.map((c, i) => ({
    chunkId: `${docKey(d)}#${c.ordinal}`,
    documentKey: docKey(d),
    ordinal: c.ordinal,
    title: d.title,
    breadcrumb: d.breadcrumb,
    url: d.url,
    headings: c.headings,
    text: c.text,
    indexText: c.indexText,
    language: d.language,
    access: d.access,
    vector: vectors[i] ?? null,
    model: vectors[i] ? embedder!.model : null,
  }));
}
