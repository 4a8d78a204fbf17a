import type {
  BookingResultDto,
  DisplayListDto,
  FreeRoomsView,
  MyBookingsView,
  OfficeListView,
  ProblemDetails,
  RoomDayView,
  RoomListView,
  RoomsNotificationListView,
} from '@megabot/contracts';
import { ApiProblem } from '../shared/api-client';

/** The rooms part of the API, over HTTP (commands carry the actor and an idempotency key). */
export class RoomsApi {
  constructor(private readonly baseUrl: string) {}

  offices(): Promise<OfficeListView> {
    return this.call('GET', '/rooms/offices');
  }
  officeRooms(officeId: string): Promise<RoomListView> {
    return this.call('GET', `/rooms/offices/${enc(officeId)}/rooms`);
  }
  day(roomId: string, date: string | undefined, viewer: string): Promise<RoomDayView> {
    return this.call('GET', `/rooms/${enc(roomId)}/day${date ? `?date=${date}` : ''}`, undefined, viewer);
  }
  freeRooms(officeId: string, q: { date: string; from: string; to: string; capacity: number }): Promise<FreeRoomsView> {
    return this.call('GET', `/rooms/offices/${enc(officeId)}/free?${new URLSearchParams({ ...q, capacity: String(q.capacity) })}`);
  }
  /** Door displays with telemetry and stale / low-battery flags (admins only: the API answers 403 otherwise). */
  displays(actor: string): Promise<DisplayListDto> {
    return this.call('GET', '/displays', undefined, actor);
  }
  mine(actor: string, waitFor?: string): Promise<MyBookingsView> {
    return this.call('GET', `/rooms/bookings/mine${waitFor ? `?waitFor=${waitFor}` : ''}`, undefined, actor);
  }
  book(roomId: string, body: { title: string; start: string; end: string }, actor: string, key: string): Promise<BookingResultDto> {
    return this.call('POST', `/rooms/${enc(roomId)}/bookings`, body, actor, key);
  }
  bookNow(roomId: string, minutes: number, title: string, actor: string, key: string): Promise<BookingResultDto & { shortened: boolean }> {
    return this.call('POST', `/rooms/${enc(roomId)}/book-now`, { minutes, title }, actor, key);
  }
  onBooking(bookingId: string, action: 'cancel' | 'extend' | 'end' | 'check-in', body: object, actor: string, key: string): Promise<BookingResultDto> {
    return this.call('POST', `/rooms/bookings/${enc(bookingId)}/${action}`, body, actor, key);
  }
  checkInRoom(roomId: string, actor: string, key: string): Promise<BookingResultDto> {
    return this.call('POST', `/rooms/${enc(roomId)}/check-in`, { via: 'qr' }, actor, key);
  }
  series(seriesId: string, action: 'confirm' | 'cancel', actor: string, key: string): Promise<unknown> {
    return this.call('POST', `/rooms/series/${enc(seriesId)}/${action}`, {}, actor, key);
  }
  pendingNotifications(employee: string, limit = 20): Promise<RoomsNotificationListView> {
    return this.call('GET', `/rooms/notifications/pending?${new URLSearchParams({ employee, limit: String(limit) })}`);
  }
  markDelivered(id: string): Promise<{ id: string; first: boolean }> {
    return this.call('POST', `/rooms/notifications/${enc(id)}/delivered`, {});
  }

  private async call<T>(method: string, path: string, body?: unknown, actor?: string, key?: string): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (actor) headers['x-employee-id'] = actor;
    if (key) headers['idempotency-key'] = key;
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const parsed = (await res.json().catch(() => ({}))) as T & ProblemDetails;
    if (!res.ok) throw new ApiProblem({ ...parsed, status: res.status, title: parsed.title ?? res.statusText, type: parsed.type ?? 'about:blank' });
    return parsed;
  }
}

const enc = encodeURIComponent;
