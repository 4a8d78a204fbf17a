import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  BookingLookupQueryDto,
  BookNowDto,
  BookRoomDto,
  CancelSeriesDto,
  ChangeBookingDto,
  CheckInDto,
  CreateOfficeDto,
  CreateRoomDto,
  CreateSeriesDto,
  ExtendBookingDto,
  ListOfficesQueryDto,
  FreeRoomsQueryDto,
  MyBookingsQueryDto,
  PlanSeriesDto,
  RoomDayQueryDto,
  RoomsReasonDto,
  RoomsWaitForQueryDto,
  UpdateOfficeDto,
  UpdateRoomDto,
} from '@megabot/contracts';
import { problem } from '../core/problem';
import { ReadModelProgress } from '../core/read-model-progress.service';
import { Actor, CorrelationId, IdempotencyKey, Viewer } from '../core/request-context';
import { BookNowCommand } from './book-now/book-now.command';
import { BookRoomCommand } from './book-room/book-room.command';
import {
  CancelBookingCommand,
  ChangeBookingCommand,
  CheckInBookingCommand,
  CheckInRoomCommand,
  EndBookingEarlyCommand,
  ExtendBookingCommand,
} from './manage-booking/manage-booking.commands';
import { ArchiveOfficeCommand, CreateOfficeCommand, UpdateOfficeCommand } from './offices/office.commands';
import { CreateRoomCommand, RetireRoomCommand, UpdateRoomCommand } from './room-admin/room-admin.commands';
import {
  FreeRoomsQuery,
  GetBookingQuery,
  GetRoomQuery,
  GetSeriesQuery,
  ListOfficeRoomsQuery,
  ListOfficesQuery,
  MyBookingsQuery,
  RoomDayQuery,
} from './rooms.queries';
import { checkId, checkRoomId } from './rooms.validation';
import { CancelSeriesCommand, ConfirmSeriesCommand, CreateSeriesCommand, PlanSeriesQuery } from './series/series.commands';

const ACTOR = { name: 'X-Employee-Id', required: true, description: 'The acting employee' };
const VIEWER = { name: 'X-Employee-Id', required: false, description: 'The viewing employee: titles of private bookings only for participants and admins' };
const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Same key, one effect (retries, redelivered updates)' };
const RULES_422 = 'A booking rule is broken: outside working hours, too short/long, too far ahead, in the past, over capacity, not organizer (`code` rooms.*)';
const RULES_409 = 'The slot is taken (also by the buffer), the daily limit is reached, or the booking is no longer in a state that allows it';

/**
 * Meeting rooms. Static paths (`offices`, `bookings`, `series`) are
 * declared before `:roomId` ones: room ids never take these words (refused
 * when a room is created).
 */
@ApiTags('rooms')
@Controller('rooms')
export class RoomsHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly progress: ReadModelProgress,
  ) {}

  /* ------------------------------------------------------------ offices */

  @Get('offices')
  @ApiOperation({ summary: 'Offices with their number of bookable rooms (`all=true`: archived too)' })
  async offices(@Query() query: ListOfficesQueryDto) {
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new ListOfficesQuery(query.all === 'true'));
  }

  @Post('offices')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an office (admins)' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 403, description: 'Not an admin' })
  @ApiResponse({ status: 409, description: 'The office exists' })
  createOffice(@Body() body: CreateOfficeDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    return this.commands.execute(new CreateOfficeCommand(body, { actorId, commandId, correlationId }));
  }

  @Patch('offices/:officeId')
  @ApiOperation({ summary: 'Change an office (admins); rooms keep their own time zone' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  updateOffice(
    @Param('officeId') officeId: string,
    @Body() body: UpdateOfficeDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkId('officeId', officeId);
    return this.commands.execute(new UpdateOfficeCommand(officeId, body, { actorId, commandId, correlationId }));
  }

  @Post('offices/:officeId/archive')
  @HttpCode(201)
  @ApiOperation({ summary: 'Archive an office (admins): no new rooms; its rooms stay until retired' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  archiveOffice(
    @Param('officeId') officeId: string,
    @Body() body: RoomsReasonDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkId('officeId', officeId);
    return this.commands.execute(new ArchiveOfficeCommand(officeId, body.reason, { actorId, commandId, correlationId }));
  }

  @Get('offices/:officeId/rooms')
  @ApiOperation({ summary: 'Bookable rooms of an office' })
  async officeRooms(@Param('officeId') officeId: string, @Query() query: RoomsWaitForQueryDto) {
    checkId('officeId', officeId);
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new ListOfficeRoomsQuery(officeId));
  }

  @Post('offices/:officeId/rooms')
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a room in an office (admins)' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: 'The room exists, or the office is archived' })
  @ApiResponse({ status: 422, description: 'Settings invalid (`field` names the setting)' })
  createRoom(
    @Param('officeId') officeId: string,
    @Body() body: CreateRoomDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkId('officeId', officeId);
    return this.commands.execute(new CreateRoomCommand(officeId, body, { actorId, commandId, correlationId }));
  }

  @Get('offices/:officeId/free')
  @ApiOperation({ summary: 'Free rooms of an office for a time range (instants, or a local date and times) and a number of people, best fit first' })
  async freeRooms(@Param('officeId') officeId: string, @Query() query: FreeRoomsQueryDto) {
    checkId('officeId', officeId);
    return this.queries.execute(new FreeRoomsQuery(officeId, query));
  }

  /* ----------------------------------------------------------- bookings */

  @Get('bookings/mine')
  @ApiOperation({ summary: 'Your bookings (as organizer or attendee): upcoming and in progress, or `past=true` all' })
  @ApiHeader(ACTOR)
  async mine(@Query() query: MyBookingsQueryDto, @Actor() actorId: string) {
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new MyBookingsQuery(actorId, query.past === 'true', query.limit ?? 20));
  }

  @Get('bookings/:bookingId')
  @ApiOperation({ summary: 'One booking' })
  @ApiHeader(VIEWER)
  async booking(@Param('bookingId') bookingId: string, @Query() query: RoomsWaitForQueryDto, @Viewer() viewerId?: string) {
    checkId('bookingId', bookingId);
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new GetBookingQuery(bookingId, viewerId));
  }

  @Patch('bookings/:bookingId')
  @ApiOperation({ summary: 'Change title, attendees, privacy or times (same day, before the start; organizer or admin)' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: RULES_409 })
  @ApiResponse({ status: 422, description: RULES_422 })
  change(
    @Param('bookingId') bookingId: string,
    @Body() body: ChangeBookingDto,
    @Query() query: BookingLookupQueryDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkId('bookingId', bookingId);
    return this.commands.execute(new ChangeBookingCommand(bookingId, body, { actorId, commandId, correlationId }, query.waitFor));
  }

  @Post('bookings/:bookingId/cancel')
  @HttpCode(201)
  @ApiOperation({ summary: 'Cancel before the start (organizer or admin); in progress: end it early' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  cancel(
    @Param('bookingId') bookingId: string,
    @Body() body: RoomsReasonDto,
    @Query() query: BookingLookupQueryDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkId('bookingId', bookingId);
    return this.commands.execute(new CancelBookingCommand(bookingId, body.reason, { actorId, commandId, correlationId }, query.waitFor));
  }

  @Post('bookings/:bookingId/extend')
  @HttpCode(201)
  @ApiOperation({ summary: 'Move the end later (participants or admin), if the room is free and the rules allow' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: RULES_409 })
  extend(
    @Param('bookingId') bookingId: string,
    @Body() body: ExtendBookingDto,
    @Query() query: BookingLookupQueryDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkId('bookingId', bookingId);
    return this.commands.execute(new ExtendBookingCommand(bookingId, body.minutes, { actorId, commandId, correlationId }, query.waitFor));
  }

  @Post('bookings/:bookingId/end')
  @HttpCode(201)
  @ApiOperation({ summary: 'End a meeting in progress now: the room is free from this minute' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  endEarly(
    @Param('bookingId') bookingId: string,
    @Query() query: BookingLookupQueryDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkId('bookingId', bookingId);
    return this.commands.execute(new EndBookingEarlyCommand(bookingId, { actorId, commandId, correlationId }, query.waitFor));
  }

  @Post('bookings/:bookingId/check-in')
  @HttpCode(201)
  @ApiOperation({ summary: 'Confirm the meeting takes place (from 5 minutes before the start until the check-in deadline)' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: 'Check-in not open yet, closed, or already checked in' })
  checkIn(
    @Param('bookingId') bookingId: string,
    @Body() body: CheckInDto,
    @Query() query: BookingLookupQueryDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkId('bookingId', bookingId);
    return this.commands.execute(new CheckInBookingCommand(bookingId, body.via ?? 'bot', { actorId, commandId, correlationId }, query.waitFor));
  }

  /* ------------------------------------------------------------- series */

  @Get('series/:seriesId')
  @ApiOperation({ summary: 'A recurring booking: its rule, occurrences, skipped dates, attendance streak' })
  async getSeries(@Param('seriesId') seriesId: string, @Query() query: RoomsWaitForQueryDto) {
    checkId('seriesId', seriesId);
    await this.progress.waitFor('rooms', query.waitFor);
    return this.queries.execute(new GetSeriesQuery(seriesId));
  }

  @Post('series/:seriesId/cancel')
  @HttpCode(201)
  @ApiOperation({ summary: 'Stop a series from a date (default: all) and cancel its bookings that have not started' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  cancelSeries(
    @Param('seriesId') seriesId: string,
    @Body() body: CancelSeriesDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkId('seriesId', seriesId);
    return this.commands.execute(new CancelSeriesCommand(seriesId, body.fromDate, body.reason, { actorId, commandId, correlationId }));
  }

  @Post('series/:seriesId/confirm')
  @HttpCode(201)
  @ApiOperation({ summary: 'Keep a series flagged as unattended (organizer or admin)' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  confirmSeries(@Param('seriesId') seriesId: string, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    checkId('seriesId', seriesId);
    return this.commands.execute(new ConfirmSeriesCommand(seriesId, { actorId, commandId, correlationId }));
  }

  /* --------------------------------------------------------------- rooms */

  @Get(':roomId')
  @ApiOperation({ summary: 'A room and its settings' })
  @ApiParam({ name: 'roomId' })
  room(@Param('roomId') roomId: string) {
    checkRoomId(roomId);
    return this.queries.execute(new GetRoomQuery(roomId));
  }

  @Patch(':roomId')
  @ApiOperation({ summary: 'Change room settings (admins): capacity, equipment, hours, buffer, privacy, check-in window, auto-release, policy' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  updateRoom(
    @Param('roomId') roomId: string,
    @Body() body: UpdateRoomDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkRoomId(roomId);
    return this.commands.execute(new UpdateRoomCommand(roomId, body, { actorId, commandId, correlationId }));
  }

  @Post(':roomId/retire')
  @HttpCode(201)
  @ApiOperation({ summary: 'Retire a room (admins): no more bookings' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  retireRoom(
    @Param('roomId') roomId: string,
    @Body() body: RoomsReasonDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkRoomId(roomId);
    return this.commands.execute(new RetireRoomCommand(roomId, body.reason, { actorId, commandId, correlationId }));
  }

  @Get(':roomId/day')
  @ApiOperation({ summary: "A room's day: bookings, free intervals, and today the current status and book-now options" })
  @ApiHeader(VIEWER)
  room_day(@Param('roomId') roomId: string, @Query() query: RoomDayQueryDto, @Viewer() viewerId?: string) {
    checkRoomId(roomId);
    return this.queries.execute(new RoomDayQuery(roomId, query.date, viewerId));
  }

  @Post(':roomId/bookings')
  @HttpCode(201)
  @ApiOperation({ summary: 'Book a room; two bookings of a room never overlap (buffer included)' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 201, description: 'Booked; `position` can be passed as `waitFor`' })
  @ApiResponse({ status: 404, description: 'No such room' })
  @ApiResponse({ status: 409, description: RULES_409 })
  @ApiResponse({ status: 422, description: RULES_422 })
  book(@Param('roomId') roomId: string, @Body() body: BookRoomDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    checkRoomId(roomId);
    return this.commands.execute(new BookRoomCommand(roomId, body, { actorId, commandId, correlationId }));
  }

  @Post(':roomId/book-now')
  @HttpCode(201)
  @ApiOperation({ summary: 'Book a free room from now for 15/30/60 minutes (shortened to the next meeting or the closing time)' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: 'The room is busy now' })
  bookNow(@Param('roomId') roomId: string, @Body() body: BookNowDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    checkRoomId(roomId);
    return this.commands.execute(new BookNowCommand(roomId, body.minutes, body.title, { actorId, commandId, correlationId }));
  }

  @Post(':roomId/check-in')
  @HttpCode(201)
  @ApiOperation({ summary: "Check in the room's booking whose check-in is open now (the door's QR code names only the room)" })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  @ApiResponse({ status: 409, description: 'Nothing waits for a check-in now' })
  checkInRoom(@Param('roomId') roomId: string, @Body() body: CheckInDto, @Actor() actorId: string, @IdempotencyKey() commandId: string, @CorrelationId() correlationId?: string) {
    checkRoomId(roomId);
    return this.commands.execute(new CheckInRoomCommand(roomId, body.via ?? 'qr', { actorId, commandId, correlationId }));
  }

  @Post(':roomId/series/plan')
  @HttpCode(200)
  @ApiOperation({ summary: 'Which occurrences of a recurrence could be booked, and why the others cannot (writes nothing)' })
  planSeries(@Param('roomId') roomId: string, @Body() body: PlanSeriesDto) {
    checkRoomId(roomId);
    return this.queries.execute(new PlanSeriesQuery(roomId, body));
  }

  @Post(':roomId/series')
  @HttpCode(201)
  @ApiOperation({ summary: 'Book a recurring meeting (daily/weekly with an end); conflicting occurrences are reported in `conflicts`, never silently dropped' })
  @ApiHeader(ACTOR)
  @ApiHeader(IDEMPOTENCY)
  createSeries(
    @Param('roomId') roomId: string,
    @Body() body: CreateSeriesDto,
    @Actor() actorId: string,
    @IdempotencyKey() commandId: string,
    @CorrelationId() correlationId?: string,
  ) {
    checkRoomId(roomId);
    return this.commands.execute(new CreateSeriesCommand(roomId, body, { actorId, commandId, correlationId }));
  }
}
