import { malformation } from './update-shape';

const user = { id: 830001, is_bot: false, first_name: 'M', language_code: 'en' };
const chat = { id: 830001, type: 'private', first_name: 'M' };
const message = { message_id: 5, date: 1767000000, from: user, chat, text: '/start', entities: [{ type: 'bot_command', offset: 0, length: 6 }] };
const press = { id: '42', from: user, chat_instance: '1', data: 'a:l', message: { ...message, text: 'list', reply_markup: { inline_keyboard: [] } } };
const joined = {
  chat: { id: -100123, type: 'supergroup', title: 'Team' },
  from: user,
  date: 1767000000,
  old_chat_member: { user: { id: 1, is_bot: true, first_name: 'Bot' }, status: 'left' },
  new_chat_member: { user: { id: 1, is_bot: true, first_name: 'Bot' }, status: 'member' },
};

describe('the shape of an update the bot handles', () => {
  it.each([
    ['a message', { update_id: 1, message }],
    ['a contact', { update_id: 1, message: { ...message, text: undefined, contact: { phone_number: '+79990001122', first_name: 'M', user_id: user.id } } }],
    ['a reply', { update_id: 1, message: { ...message, reply_to_message: { ...message, message_id: 4 } } }],
    ['a button press', { update_id: 1, callback_query: press }],
    ['a press on an inaccessible message', { update_id: 1, callback_query: { ...press, message: { chat, message_id: 4, date: 0 } } }],
    ['the bot added to a group', { update_id: 1, my_chat_member: joined }],
    ['a kind the bot does not handle', { update_id: 1, poll: { id: 'x' } }],
    ['a field Telegram may add one day', { update_id: 1, message: { ...message, some_new_field: { x: 1 } } }],
  ])('%s is well formed', (_, update) => {
    expect(malformation(update)).toBeUndefined();
  });

  it.each([
    ['not an object', [], 'update'],
    ['chat id past 2^53', { update_id: 1, message: { ...message, chat: { ...chat, id: 1e300 } } }, 'message.chat.id'],
    ['from id a string', { update_id: 1, message: { ...message, from: { ...user, id: 'me' } } }, 'message.from.id'],
    ['from id negative', { update_id: 1, message: { ...message, from: { ...user, id: -5 } } }, 'message.from.id'],
    ['from id 2^60', { update_id: 1, message: { ...message, from: { ...user, id: 2 ** 60 } } }, 'message.from.id'],
    [
      'a __proto__ field',
      { update_id: 1, message: JSON.parse(`{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"__proto__":{"x":1}}`) },
      'message.__proto__',
    ],
    ['a press on an empty message', { update_id: 1, callback_query: { ...press, message: {} } }, 'callback_query.message.message_id'],
    ['message a string', { update_id: 1, message: '/start' }, 'message'],
    ['message without chat', { update_id: 1, message: { ...message, chat: undefined } }, 'message.chat'],
    ['text a number', { update_id: 1, message: { ...message, text: 42 } }, 'message.text'],
    ['entities a string', { update_id: 1, message: { ...message, entities: 'x' } }, 'message.entities'],
    ['an entity negative', { update_id: 1, message: { ...message, entities: [{ type: 'bold', offset: -1, length: 1 }] } }, 'message.entities.0.offset'],
    ['a contact without a phone', { update_id: 1, message: { ...message, contact: {} } }, 'message.contact.phone_number'],
    ['a press without from', { update_id: 1, callback_query: { ...press, from: undefined } }, 'callback_query.from'],
    ['callback data a number', { update_id: 1, callback_query: { ...press, data: 7 } }, 'callback_query.data'],
    ['a member change without the new member', { update_id: 1, my_chat_member: { ...joined, new_chat_member: undefined } }, 'my_chat_member.new_chat_member'],
    ['a message and a press at once', { update_id: 1, message, callback_query: press }, 'update'],
    ['a reply to a reply (Telegram nests one level)', { update_id: 1, message: nestReplies(3) }, 'message.reply_to_message.reply_to_message'],
  ])('%s is malformed, naming the field', (_, update, field) => {
    expect(malformation(update)).toMatch(new RegExp(`^${field.replace(/\./g, '\\.')}\\b`));
  });
});

function nestReplies(depth: number): object {
  return depth === 0 ? message : { ...message, reply_to_message: nestReplies(depth - 1) };
}
