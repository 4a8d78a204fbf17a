import type { AuthNotice } from '@megabot/contracts';
import type { NoticeRenderer } from '../notifications/notice-message';
import { callbackData, html } from '../shared/escape';
import { t } from './auth.i18n';

/** Callback data of the answer buttons: `auth:y:<challenge>` / `auth:n:<challenge>` (43 bytes with a UUID). */
export const AUTH_CALLBACK = /^auth:([yn]):([0-9a-f-]{36})$/;

/** "Someone signs in as you - was it you?" with the two answers. */
export const renderAuthNotice: NoticeRenderer<AuthNotice> = (lang, n) => {
  const device = n.data.userAgent ? t(lang, 'auth.login_device', { device: html(shortDevice(n.data.userAgent)) }) : '';
  const until = new Date(n.data.expiresAt).toISOString().slice(11, 16) + ' UTC';
  return {
    text: t(lang, 'auth.login_request', { device, until }),
    parseMode: 'HTML',
    keyboard: {
      inline_keyboard: [
        [
          { text: t(lang, 'auth.login_yes'), callback_data: callbackData(`auth:y:${n.data.challengeId}`) },
          { text: t(lang, 'auth.login_no'), callback_data: callbackData(`auth:n:${n.data.challengeId}`) },
        ],
      ],
    },
  };
};

/** The browser and system of a User-Agent, short enough for a chat line. */
export function shortDevice(userAgent: string): string {
  const browser = /(Firefox|Edg|OPR|Chrome|Chromium|Safari)\/[\d.]+/.exec(userAgent)?.[0]?.replace('Edg/', 'Edge/') ?? 'a browser';
  const system = /(Windows NT [\d.]+|Mac OS X [\d_]+|Android [\d.]+|iPhone OS [\d_]+|Linux)/.exec(userAgent)?.[0]?.replace(/_/g, '.') ?? '';
  return `${browser}${system ? `, ${system}` : ''}`.slice(0, 80);
}
