import type { MethodTable } from '../dispatcher';
import { botSettingMethods } from './bot-settings';
import { callbackMethods } from './callbacks';
import { chatMethods } from './chats';
import { mediaMethods } from './media';
import { messageMethods } from './messages';
import { updateMethods } from './updates';

/** Every emulated Bot API method, by area. */
export const ALL_METHOD_TABLES: MethodTable[] = [updateMethods, messageMethods, mediaMethods, callbackMethods, botSettingMethods, chatMethods];
