import type { BookingResultDto, DisplayListDto, FreeRoomsView, MyBookingsView, OfficeListView, RoomDayView, RoomListView } from '@megabot/contracts';
import { seg, type ApiClient } from '../shared/api-client';

/** The rooms part of the API (commands carry the actor and an idempotency key). */
export class RoomsApi {
  constructor(private readonly http: ApiClient) {}

  /** `viewer`, here and below: the Telegram user the bot acts for (the rooms API answers employees only). */
  offices(viewer: number): Promise<OfficeListView> {
    return this.http.get('/rooms/offices', undefined, viewer);
  }
  officeRooms(officeId: string, viewer: number): Promise<RoomListView> {
    return this.http.get(`/rooms/offices/${seg(officeId)}/rooms`, undefined, viewer);
  }
  day(roomId: string, date: string | undefined, viewer: number): Promise<RoomDayView> {
    return this.http.get(`/rooms/${seg(roomId)}/day`, { date }, viewer);
  }
  freeRooms(officeId: string, q: { date: string; from: string; to: string; capacity: number }, viewer: number): Promise<FreeRoomsView> {
    return this.http.get(`/rooms/offices/${seg(officeId)}/free`, q, viewer);
  }
  /** Door displays with telemetry and stale / low-battery flags (admins only: the API answers 403 otherwise). */
  displays(actor: number): Promise<DisplayListDto> {
    return this.http.get('/displays', undefined, actor);
  }
  mine(actor: number, waitFor?: string): Promise<MyBookingsView> {
    return this.http.get('/rooms/bookings/mine', { waitFor }, actor);
  }
  book(roomId: string, body: { title: string; start: string; end: string }, actor: number, key: string): Promise<BookingResultDto> {
    return this.command(`/rooms/${seg(roomId)}/bookings`, body, actor, key);
  }
  bookNow(roomId: string, minutes: number, title: string, actor: number, key: string): Promise<BookingResultDto & { shortened: boolean }> {
    return this.command(`/rooms/${seg(roomId)}/book-now`, { minutes, title }, actor, key);
  }
  onBooking(bookingId: string, action: 'cancel' | 'extend' | 'end' | 'check-in', body: object, actor: number, key: string): Promise<BookingResultDto> {
    return this.command(`/rooms/bookings/${seg(bookingId)}/${action}`, body, actor, key);
  }
  checkInRoom(roomId: string, actor: number, key: string): Promise<BookingResultDto> {
    return this.command(`/rooms/${seg(roomId)}/check-in`, { via: 'qr' }, actor, key);
  }
  series(seriesId: string, action: 'confirm' | 'cancel', actor: number, key: string): Promise<unknown> {
    return this.command(`/rooms/series/${seg(seriesId)}/${action}`, {}, actor, key);
  }

  private command<T>(path: string, body: unknown, actor: number, idempotencyKey: string): Promise<T> {
    return this.http.request({ method: 'POST', path, body, actor, idempotencyKey });
  }
}
