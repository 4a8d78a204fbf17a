import { defineCatalogue, sharedMessages, translator } from '../shared/i18n';

/** Texts of the knowledge assistant. */
export const knowledgeMessages = defineCatalogue({
  en: {
    'knowledge.prompt': '<b>Ask the knowledge base</b>\nType your question (in Russian or English), or /cancel.',
    'knowledge.unknown': "🤷 I don't know: nothing in the documents you may read answers “{question}”. Try other words, or ask a colleague.",
    'knowledge.sources': '<b>Sources</b>',
    'knowledge.rate_up': '👍 Helpful',
    'knowledge.rate_down': '👎 Not helpful',
    'knowledge.thanks': 'Thanks for the feedback!',
    'knowledge.rate_gone': 'This answer can no longer be rated.',
    'knowledge.too_short': 'Please ask a question of at least a couple of words.',
    'start.menu_knowledge': 'Ask the knowledge base: /ask',
  },
  ru: {
    'knowledge.prompt': '<b>Вопрос к базе знаний</b>\nНапишите вопрос (по-русски или по-английски) или /cancel.',
    'knowledge.unknown': '🤷 Не знаю: в документах, доступных вам, нет ответа на «{question}». Попробуйте другие слова или спросите коллег.',
    'knowledge.sources': '<b>Источники</b>',
    'knowledge.rate_up': '👍 Полезно',
    'knowledge.rate_down': '👎 Не помогло',
    'knowledge.thanks': 'Спасибо за оценку!',
    'knowledge.rate_gone': 'Этот ответ уже нельзя оценить.',
    'knowledge.too_short': 'Пожалуйста, задайте вопрос хотя бы из пары слов.',
    'start.menu_knowledge': 'Вопрос к базе знаний: /ask',
  },
});

export const t = translator(sharedMessages, knowledgeMessages);
