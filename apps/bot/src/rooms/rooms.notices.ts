import type { RoomsNotice } from '@megabot/contracts';
import type { NoticeRenderer } from '../notifications/notice-message';
import { html } from '../shared/escape';
import { t } from './rooms.i18n';
import { checkInButton, hhmm, seriesButtons } from './rooms.views';

/** Reminders with a check-in button, released bookings, flagged series with keep / cancel buttons. */
export const renderRoomsNotice: NoticeRenderer<RoomsNotice> = (lang, n) => {
  const d = n.data;
  const facts = { title: html(d.title ?? t(lang, 'rooms.busy_title')), room: html(d.roomName ?? d.roomId), from: d.start ? hhmm(d.start) : '' };
  switch (n.kind) {
    case 'reminder':
      return { text: t(lang, 'rooms.reminder', facts), parseMode: 'HTML', keyboard: d.bookingId ? checkInButton(lang, d.bookingId) : undefined };
    case 'released':
      return { text: t(lang, 'rooms.released', facts), parseMode: 'HTML' };
    case 'series_flagged':
      return {
        text: t(lang, 'rooms.series_flagged', { ...facts, count: d.missedInARow ?? 0 }),
        parseMode: 'HTML',
        keyboard: d.seriesId ? seriesButtons(lang, d.seriesId) : undefined,
      };
  }
};
