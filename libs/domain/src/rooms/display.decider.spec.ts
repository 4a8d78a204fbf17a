import type { DisplayEvent } from '@megabot/contracts';
import { deciderSpec } from '../shared/decider-spec';
import { displayDecider, type RegisterDisplay } from './display.decider';
import { ADMIN, ANNA } from './rooms.fixtures';

const NOW = new Date('2025-03-14T07:00:00Z');
const LATER = new Date('2025-03-20T07:00:00Z');
const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const displays = deciderSpec(displayDecider);

const register: RegisterDisplay = {
  type: 'RegisterDisplay',
  displayId: 'neva-door',
  room: { roomId: 'neva', exists: true, retired: false },
  label: ' left of the door ',
  tokenHash: H1,
  tokenHint: 'x9Qa',
  actor: ADMIN,
};
const registered: DisplayEvent = {
  type: 'DisplayRegistered',
  data: {
    displayId: 'neva-door',
    roomId: 'neva',
    label: 'left of the door',
    lang: 'ru',
    tokenHash: H1,
    tokenHint: 'x9Qa',
    registeredBy: 'admin',
    registeredAt: NOW.toISOString(),
  },
};
const rotated: DisplayEvent = {
  type: 'DisplayTokenRotated',
  data: { displayId: 'neva-door', tokenHash: H2, tokenHint: 'Zz01', rotatedBy: 'admin', rotatedAt: LATER.toISOString() },
};
const retired: DisplayEvent = {
  type: 'DisplayRetired',
  data: { displayId: 'neva-door', reason: 'broken', retiredBy: 'admin', retiredAt: LATER.toISOString() },
};

describe('display decider', () => {
  describe('register', () => {
    it('registers a display for an existing room with the token hash only (Russian sign by default)', () => {
      displays.given([]).when(register, NOW).then([registered]);
      displays
        .given([])
        .when({ ...register, lang: 'en', label: undefined }, NOW)
        .then([{ ...registered, data: { ...registered.data, lang: 'en', label: '' } } as DisplayEvent]);
    });
    it('is for admins only', () => {
      displays
        .given([])
        .when({ ...register, actor: ANNA }, NOW)
        .thenThrows('rooms.admin_required');
    });
    it('refuses a second registration of the same id, also after retirement', () => {
      displays.given([registered]).when(register, NOW).thenThrows('displays.display_exists', { displayId: 'neva-door' });
      displays.given([registered, retired]).when(register, LATER).thenThrows('displays.display_exists');
    });
    it('needs a room that exists and is not retired', () => {
      displays
        .given([])
        .when({ ...register, room: { roomId: 'ghost', exists: false, retired: false } }, NOW)
        .thenThrows('rooms.room_not_found', { roomId: 'ghost' });
      displays
        .given([])
        .when({ ...register, room: { roomId: 'neva', exists: true, retired: true } }, NOW)
        .thenThrows('rooms.room_retired');
    });
    it('validates the id, the hash, the language and the label', () => {
      displays
        .given([])
        .when({ ...register, displayId: 'bad id' }, NOW)
        .thenThrows('displays.invalid_id');
      displays
        .given([])
        .when({ ...register, displayId: 'x'.repeat(33) }, NOW)
        .thenThrows('displays.invalid_id');
      displays
        .given([])
        .when({ ...register, tokenHash: 'plain-token' }, NOW)
        .thenThrows('displays.invalid_token_hash');
      displays
        .given([])
        .when({ ...register, tokenHash: H1.toUpperCase() }, NOW)
        .thenThrows('displays.invalid_token_hash');
      displays
        .given([])
        .when({ ...register, lang: 'de' as never }, NOW)
        .thenThrows('displays.invalid_lang');
      displays
        .given([])
        .when({ ...register, label: 'x'.repeat(101) }, NOW)
        .thenThrows('displays.invalid_label');
    });
  });

  describe('rotate the token', () => {
    const rotate = { type: 'RotateDisplayToken' as const, displayId: 'neva-door', tokenHash: H2, tokenHint: 'Zz01', actor: ADMIN };
    it('replaces the hash', () => {
      displays.given([registered]).when(rotate, LATER).then([rotated]);
      const state = [registered, rotated].reduce(displayDecider.evolve, displayDecider.initialState);
      expect(state).toMatchObject({ status: 'active', tokenHash: H2, tokenHint: 'Zz01', roomId: 'neva' });
    });
    it('refuses an unknown or retired display, a non-admin, the same token and a bad hash', () => {
      displays.given([]).when(rotate, LATER).thenThrows('displays.display_not_found');
      displays.given([registered, retired]).when(rotate, LATER).thenThrows('displays.display_retired');
      displays
        .given([registered])
        .when({ ...rotate, actor: ANNA }, LATER)
        .thenThrows('rooms.admin_required');
      displays
        .given([registered])
        .when({ ...rotate, tokenHash: H1 }, LATER)
        .thenThrows('displays.same_token');
      displays
        .given([registered])
        .when({ ...rotate, tokenHash: 'z'.repeat(64) }, LATER)
        .thenThrows('displays.invalid_token_hash');
    });
  });

  describe('retire', () => {
    const retire = { type: 'RetireDisplay' as const, displayId: 'neva-door', reason: ' broken ', actor: ADMIN };
    it('retires once; retiring again changes nothing', () => {
      displays.given([registered]).when(retire, LATER).then([retired]);
      displays.given([registered, rotated]).when(retire, LATER).then([retired]);
      displays.given([registered, retired]).when(retire, LATER).then([]);
    });
    it('refuses an unknown display and a non-admin', () => {
      displays.given([]).when(retire, LATER).thenThrows('displays.display_not_found');
      displays
        .given([registered])
        .when({ ...retire, actor: ANNA }, LATER)
        .thenThrows('rooms.admin_required');
    });
    it('keeps the token of a retired display in the state but marks it retired', () => {
      const state = [registered, retired].reduce(displayDecider.evolve, displayDecider.initialState);
      expect(state).toMatchObject({ status: 'retired', tokenHash: H1 });
    });
  });
});
