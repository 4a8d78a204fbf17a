import type { BookingResultDto, SessionView } from '@megabot/contracts';
import {
  SEATING_ROUTES,
  type ColleagueSeatsView,
  type DeskBookingResultDto,
  type FindColleagueView,
  type FloorPlanView,
  type FloorRoomsView,
  type NearbyView,
  type SeatingOfficeView,
  type SeatingOfficesView,
} from '@megabot/contracts/seating/seating.read';
import { DESK_BOOKING_DAYS_AHEAD } from '@megabot/contracts/seating/seating.events';
import { parseMarker } from '@megabot/domain/seating/markers';
import { corridorGraph, routeToRoom, type CorridorGraph, type Place, type Route } from '@megabot/domain/seating/wayfinding';
import { api, ApiProblem, openSession, query } from './api';
import { bearingOf, PlanView } from './plan';
import { cameraProblem, scanMarker, watchHeading } from './scanner';
import { connectTelegram } from './telegram';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const item = (...children: (Node | string)[]) => {
  const li = document.createElement('li');
  li.append(...children);
  return li;
};
const button = (text: string, onClick: () => unknown, label?: string) => {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  if (label) b.setAttribute('aria-label', label);
  b.addEventListener('click', () => void run(onClick));
  return b;
};
const span = (text: string, className = '') => Object.assign(document.createElement('span'), { textContent: text, className });
const timeOf = (iso: string, timeZone: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

const tg = connectTelegram();
const plan = new PlanView($('plan'), $('plan-caption'));
const status = $('status');
const say = (text: string, kind: 'info' | 'error' = 'info') => {
  status.textContent = text;
  status.dataset.kind = kind;
};
/** Runs a user action: a refusal of the API (or anything else) is said in the status line, not thrown away. */
async function run(action: () => unknown): Promise<void> {
  try {
    await action();
  } catch (e) {
    say(e instanceof ApiProblem ? e.message : `Something went wrong: ${(e as Error).message}`, 'error');
    if (!(e instanceof ApiProblem)) console.warn(e);
  }
}

let me: SessionView;
let offices: SeatingOfficeView[] = [];
let officeId = '';
/** The office's local date today (the first plan says it). */
let today = '';
/** The office's plans by floor for today: the route crosses floors. */
let floors = new Map<number, FloorPlanView>();
let graph: CorridorGraph | null = null;
let route: Route | null = null;
let heading: number | null = null;

/* ------------------------------------------------------------------ floors */

async function loadFloor(office: string, floor: number, date?: string, waitFor?: string): Promise<FloorPlanView> {
  const view = await api<FloorPlanView>('GET', `${SEATING_ROUTES.floor(office, floor)}${query({ date, waitFor })}`);
  if (office !== officeId) [floors, graph] = [new Map(), null];
  officeId = office;
  today ||= view.date;
  if (view.date === today) floors.set(floor, view);
  plan.show(view, me.employeeId);
  $<HTMLSelectElement>('floor-select').value = `${office}/${floor}`;
  const dateInput = $<HTMLInputElement>('desk-date');
  dateInput.min = today;
  dateInput.max = addDays(today, DESK_BOOKING_DAYS_AHEAD);
  dateInput.value = view.date;
  renderDesks(view);
  return view;
}

const currentPlan = () => plan.floor!;

function fillFloorSelect(): void {
  const select = $<HTMLSelectElement>('floor-select');
  select.replaceChildren(
    ...offices.map((o) => {
      const group = document.createElement('optgroup');
      group.label = o.name;
      group.append(...o.floors.map((f) => new Option(`${o.name} · ${f.name}`, `${o.officeId}/${f.floor}`)));
      return group;
    }),
  );
  select.disabled = false;
  select.addEventListener('change', () => {
    const [office, floor] = select.value.split('/');
    void run(async () => {
      await loadFloor(office, Number(floor));
      await refreshTab();
    });
  });
}

/* -------------------------------------------------------------------- tabs */

const TABS = ['find', 'rooms', 'desk', 'nearby', 'route'] as const;
type Tab = (typeof TABS)[number];
let tab: Tab = 'find';

function selectTab(next: Tab, focus = false): void {
  tab = next;
  for (const t of TABS) {
    const b = $(`tab-${t}`);
    b.setAttribute('aria-selected', String(t === next));
    b.tabIndex = t === next ? 0 : -1;
    $(`panel-${t}`).hidden = t !== next;
  }
  if (focus) $(`tab-${next}`).focus();
  if (next !== 'route') stopCamera();
  plan.clear();
  // Telegram's back button leads home from any other tab
  tg.backButton(next === 'find' ? null : () => selectTab('find', true));
  void run(refreshTab);
}

async function refreshTab(): Promise<void> {
  if (tab === 'rooms') await showRooms();
  if (tab === 'nearby') await showNearby();
  if (tab === 'route') await prepareRoute();
}

$('tabs').addEventListener('keydown', (e) => {
  const i = TABS.indexOf(tab);
  const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: TABS.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  selectTab(TABS[(to + TABS.length) % TABS.length], true);
});
for (const t of TABS) $(`tab-${t}`).addEventListener('click', () => selectTab(t));

/* ---------------------------------------------------------------- colleague */

const seatText = (p: ColleagueSeatsView) => {
  const seat = p.seats[0];
  if (!seat) return 'no desk';
  const office = offices.find((o) => o.officeId === seat.officeId)?.name ?? seat.officeId;
  return `desk ${seat.label}, floor ${seat.floor}, ${office}${seat.via === 'booked' ? ` (booked for ${seat.date})` : ''}`;
};

async function showColleague(p: ColleagueSeatsView): Promise<void> {
  const seat = p.seats[0];
  if (!seat) return say(`${p.fullName} has no desk on a plan today`);
  if (seat.officeId !== officeId || seat.floor !== currentPlan().floor || (seat.date && seat.date !== currentPlan().date))
    await loadFloor(seat.officeId, seat.floor, seat.date ?? undefined);
  plan.highlightDesk(seat.deskId, `${p.fullName}: desk ${seat.label}, floor ${seat.floor}`);
  say(`${p.fullName} sits at desk ${seat.label} on floor ${seat.floor}: highlighted on the plan`);
}

$('find-form').addEventListener('submit', (e) => {
  e.preventDefault();
  void run(async () => {
    const q = $<HTMLInputElement>('find-q').value.trim();
    const found = await api<FindColleagueView>('GET', `${SEATING_ROUTES.people}${query({ q, limit: 10 })}`);
    const list = $('find-results');
    list.replaceChildren(
      ...found.items.map((p) =>
        item(
          button(p.fullName, () => showColleague(p), `${p.fullName}, ${seatText(p)}`),
          span(`${p.position} · ${p.department} · ${seatText(p)}`, 'hint'),
        ),
      ),
    );
    say(found.items.length ? `${found.items.length} found` : `Nobody found for "${q}"`);
    if (found.items.length === 1) await showColleague(found.items[0]);
  });
});

/* -------------------------------------------------------------------- rooms */

async function showRooms(): Promise<void> {
  const here = currentPlan();
  const rooms = await api<FloorRoomsView>('GET', SEATING_ROUTES.floorRooms(here.officeId, here.floor));
  const zone = here.timeZone;
  $('rooms-list').replaceChildren(
    ...rooms.rooms.map((r) => {
      const when = r.freeNow ? (r.until ? `free until ${timeOf(r.until, zone)}` : 'free for the rest of the day') : `busy until ${timeOf(r.until!, zone)}`;
      const li = item(span(`${r.name} (${r.capacity})`, 'name'), span(when, r.freeNow ? 'hint free' : 'hint busy'));
      const quick = r.bookNow;
      // Offered only when the rooms feature would take it now: not when closed, on a holiday or too near the closing time.
      if (quick) {
        const until = timeOf(quick.end, zone);
        li.append(
          button(
            quick.shortened ? `Book until ${until}` : `Book ${quick.minutes} min`,
            async () => {
              const booked = await api<BookingResultDto>('POST', `/rooms/${encodeURIComponent(r.roomId)}/book-now`, { minutes: quick.minutes });
              say(`${r.name} is yours until ${timeOf(booked.end, zone)}`);
              await showRooms();
            },
            quick.shortened ? `Book ${r.name} from now until ${until}` : `Book ${r.name} for ${quick.minutes} minutes from now`,
          ),
        );
      } else if (r.freeNow && r.notBookableNow) li.append(span(r.notBookableNow, 'hint'));
      li.addEventListener('mouseenter', () => plan.highlightRoom(r.shapeId));
      li.addEventListener('focusin', () => plan.highlightRoom(r.shapeId));
      return li;
    }),
  );
  if (!rooms.rooms.length) say('No meeting rooms on this floor');
}

/* -------------------------------------------------------------------- desks */

function renderDesks(view: FloorPlanView): void {
  const free = view.desks.filter((d) => d.bookable);
  $('desk-list').replaceChildren(
    ...free.map((d) =>
      item(
        button(`Book desk ${d.label}`, async () => {
          const booked = await api<DeskBookingResultDto>('POST', SEATING_ROUTES.bookDesk(view.officeId, view.floor, d.deskId), { date: view.date });
          await loadFloor(view.officeId, view.floor, view.date, booked.position);
          plan.highlightDesk(d.deskId, `Your desk ${d.label} on ${view.date}`);
          say(`Desk ${d.label} is yours on ${view.date}`);
        }),
      ),
    ),
  );
  if (!free.length) $('desk-list').append(item(span(`No hot desk is free on ${view.date} on this floor`, 'hint')));
}

$('desk-date').addEventListener('change', () => {
  const date = $<HTMLInputElement>('desk-date').value;
  if (date) void run(() => loadFloor(officeId, currentPlan().floor, date));
});
$('plan').addEventListener('click', (e) => {
  const shape = (e.target as Element).closest('.desk--free');
  if (!shape || tab !== 'desk') return;
  const desk = currentPlan().desks.find((d) => d.deskId === shape.id);
  const target = [...$('desk-list').querySelectorAll('button')].find((b) => b.textContent === `Book desk ${desk?.label}`);
  if (desk && target) {
    plan.highlightDesk(desk.deskId, `Desk ${desk.label}`);
    target.focus();
  }
});

/* ------------------------------------------------------------------- nearby */

async function showNearby(): Promise<void> {
  const date = $<HTMLInputElement>('desk-date').value || undefined;
  const near = await api<NearbyView>('GET', `${SEATING_ROUTES.nearby}${query({ date, limit: 10 })}`);
  $('nearby-seat').textContent = near.seat
    ? `You sit at desk ${near.seat.label}, floor ${near.seat.floor} on ${near.date}.`
    : `You have no desk on ${near.date}.`;
  $('nearby-list').replaceChildren(
    ...near.people.map((p) =>
      item(
        button(p.fullName, async () => {
          if (near.seat && (near.seat.officeId !== officeId || near.seat.floor !== currentPlan().floor)) await loadFloor(near.seat.officeId, near.seat.floor);
          plan.highlightDesk(p.deskId, `${p.fullName}: desk ${p.label}`);
        }),
        span(`${p.position} · desk ${p.label}`, 'hint'),
      ),
    ),
  );
}

/* -------------------------------------------------------------------- route */

const placeValue = (p: Place) => `${p.floor}/${p.nodeId}`;

/** Every floor of the office (the route may cross them) and the lists to pick a room and a starting point from. */
async function prepareRoute(): Promise<void> {
  const office = offices.find((o) => o.officeId === officeId)!;
  for (const f of office.floors) if (!floors.has(f.floor)) floors.set(f.floor, await api<FloorPlanView>('GET', SEATING_ROUTES.floor(officeId, f.floor)));
  const all = [...floors.values()].sort((a, b) => a.floor - b.floor);
  graph = corridorGraph(all);
  const roomSelect = $<HTMLSelectElement>('route-room');
  const fromSelect = $<HTMLSelectElement>('route-from');
  const [room, from] = [roomSelect.value, fromSelect.value];
  roomSelect.replaceChildren(
    new Option('Choose a room', ''),
    ...all.flatMap((f) => f.rooms.filter((r) => r.nodeId).map((r) => new Option(`${r.name ?? r.roomId}, floor ${f.floor}`, r.roomId))),
  );
  fromSelect.replaceChildren(
    new Option('Choose where you are', ''),
    ...all.map((f) => {
      const group = document.createElement('optgroup');
      group.label = `${f.name} (floor ${f.floor})`;
      const names = new Map(f.rooms.filter((r) => r.nodeId).map((r) => [r.nodeId!, `by ${r.name ?? r.roomId}`]));
      group.append(
        ...f.nodes.map(
          (n) =>
            new Option(
              names.get(n.nodeId) ?? (n.kind === 'corridor' ? `junction ${n.nodeId}` : `${n.kind} ${n.connects}`),
              placeValue({ floor: f.floor, nodeId: n.nodeId }),
            ),
        ),
      );
      return group;
    }),
  );
  [roomSelect.value, fromSelect.value] = [room, from];
  showRoute();
}

/** Draws leg `leg` of the route from the chosen point to the chosen room; `lead` goes before its announcement. */
function showRoute(leg = 0, lead = ''): void {
  const roomId = $<HTMLSelectElement>('route-room').value;
  const from = $<HTMLSelectElement>('route-from').value;
  const steps = $('route-steps');
  if (!graph || !roomId || !from) return steps.replaceChildren();
  const [floor, nodeId] = from.split('/');
  route = routeToRoom(graph, { floor: Number(floor), nodeId }, roomId);
  const room = $<HTMLSelectElement>('route-room').selectedOptions[0].text;
  steps.replaceChildren(
    ...route.legs.map((l, i) => {
      const t = route!.transfers[i];
      const text = t
        ? `Floor ${l.floor}: follow the line to the ${t.kind}, go ${t.toFloor > t.fromFloor ? 'up' : 'down'} to floor ${t.toFloor}`
        : `Floor ${l.floor}: follow the line to ${room}`;
      const b = button(text, () => showRoute(i));
      if (i === leg) b.setAttribute('aria-current', 'step');
      return item(b);
    }),
  );
  const shown = route.legs[leg];
  const view = floors.get(shown.floor)!;
  if (currentPlan().floor !== shown.floor || currentPlan().officeId !== officeId || currentPlan().date !== view.date) plan.show(view, me.employeeId);
  const last = leg === route.legs.length - 1;
  if (last) plan.highlightRoom(view.rooms.find((r) => r.roomId === roomId)!.shapeId);
  else plan.clear();
  plan.drawLeg(shown.points, { start: leg === 0 ? 'here' : 'arrive', end: last ? 'room' : 'transfer' });
  $<HTMLSelectElement>('floor-select').value = `${officeId}/${shown.floor}`;
  turnCompass();
  if (leg === 0) say(`${lead}Route to ${room}: ${route.legs.length > 1 ? `${route.legs.length} floors, ` : ''}shown on the plan`);
}

/** The arrow points where the route's first step goes, turned by the phone's heading (plans are drawn north up). */
function turnCompass(): void {
  const compass = $('compass');
  const bearing = route ? bearingOf(route.legs[0].points) : null;
  compass.hidden = heading === null || bearing === null;
  if (heading !== null && bearing !== null) compass.style.transform = `rotate(${bearing - heading}deg)`;
}

$('route-room').addEventListener('change', () => void run(() => showRoute()));
$('route-from').addEventListener('change', () => void run(() => showRoute()));

let scanning: AbortController | null = null;
function stopCamera(): void {
  scanning?.abort();
  scanning = null;
  $('scan-stop').hidden = true;
}
$('scan-stop').addEventListener('click', stopCamera);
$('scan').addEventListener('click', () => {
  stopCamera();
  const controller = (scanning = new AbortController());
  // both ask for a permission: iOS grants the compass only from the tap itself
  void watchHeading((h) => {
    heading = h;
    turnCompass();
  });
  void run(async () => {
    $('scan-stop').hidden = false;
    say('Point the camera at a wayfinding marker');
    try {
      const text = await scanMarker($('camera') as HTMLVideoElement, (t) => parseMarker(t) !== null, controller.signal);
      const place = text && parseMarker(text);
      if (!place) return;
      if (place.officeId !== officeId) await loadFloor(place.officeId, place.floor);
      await prepareRoute();
      const from = $<HTMLSelectElement>('route-from');
      from.value = placeValue(place);
      if (from.value !== placeValue(place)) return say('This marker is not on the current plans', 'error');
      const here = `You are here: ${from.selectedOptions[0].text}, floor ${place.floor}. `;
      if ($<HTMLSelectElement>('route-room').value) return showRoute(0, here);
      say(`${here}Where to?`);
      $('route-room').focus();
    } catch (e) {
      if (e instanceof ApiProblem) throw e;
      say(`${cameraProblem(e)}: choose where you are in the list`, 'error');
      $('route-from').focus();
    } finally {
      if (scanning === controller) stopCamera();
    }
  });
});

/* --------------------------------------------------------------------- boot */

async function boot(): Promise<void> {
  if (!tg.initData) return say('Open the seating plan from the bot in Telegram', 'error');
  try {
    me = await openSession(tg.initData);
  } catch (e) {
    return say(e instanceof ApiProblem ? e.message : 'Could not sign in', 'error');
  }
  offices = (await api<SeatingOfficesView>('GET', SEATING_ROUTES.offices)).offices.filter((o) => o.floors.length);
  if (!offices.length) return say('No floor plan has been published yet');
  fillFloorSelect();
  // start on the floor of my own seat today, else the first plan
  const near = await api<NearbyView>('GET', SEATING_ROUTES.nearby).catch(() => null);
  const start = near?.seat ?? { officeId: offices[0].officeId, floor: offices[0].floors[0].floor };
  await loadFloor(start.officeId, start.floor);
  performance.mark('seating:first-plan');
  say(`Hello, ${me.fullName ?? me.employeeId}`);
}

void run(boot);
