/** Demo data seeded by `npm start` on an empty system (idempotent: fixed ids and idempotency keys). */
/** The corporate e-mail domain of the demo (`npm start` allows it: IDENTITY_EMAIL_DOMAINS). */
export const DEMO_EMAIL_DOMAIN = 'example.com';

/**
 * Demo employees, hired through the identity API by the bootstrap admin (e-anna, ADMIN_EMPLOYEE_IDS). Nobody is bound
 * to Telegram: in the dev chat each of them verifies with the code e-mailed to their address (read it on the API's
 * /dev/outbox page). `telegramId` is the emulator user who plays them.
 */
export const DEMO_EMPLOYEES = [
  {
    id: 'e-anna',
    telegramId: 700001,
    name: 'Anna Ivanova',
    email: 'anna.ivanova@example.com',
    department: 'Engineering',
    position: 'Team lead',
    office: 'Moscow HQ',
    language: 'ru',
    roles: ['employee', 'admin'],
    clearance: 'confidential',
    projects: ['megabot'],
  },
  {
    id: 'e-boris',
    telegramId: 700002,
    name: 'Boris Petrov',
    email: 'boris.petrov@example.com',
    department: 'Sales',
    position: 'Account manager',
    office: 'Moscow HQ',
    language: 'ru',
    roles: ['employee'],
    clearance: 'internal',
    projects: [],
  },
  {
    id: 'e-chloe',
    telegramId: 700003,
    name: 'Chloe Martin',
    email: 'chloe.martin@example.com',
    department: 'Finance',
    position: 'Auditor',
    office: 'Berlin',
    language: 'en',
    roles: ['employee', 'auditor'],
    clearance: 'confidential',
    projects: [],
  },
  {
    id: 'e-dmitry',
    telegramId: 700004,
    name: 'Dmitry Sokolov',
    email: 'dmitry.sokolov@example.com',
    department: 'IT',
    position: 'System administrator',
    office: 'Moscow HQ',
    language: 'ru',
    roles: ['employee'],
    clearance: 'internal',
    projects: ['megabot'],
  },
  {
    id: 'e-vera',
    telegramId: 700005,
    name: 'Vera Kuznetsova',
    email: 'vera.kuznetsova@example.com',
    department: 'Engineering',
    position: 'Developer',
    office: 'Moscow HQ',
    language: 'ru',
    roles: ['employee'],
    clearance: 'internal',
    projects: ['megabot'],
  },
] as const;

/** Emulator users: the seeded employees, and a stranger who is no employee. */
export function demoTelegramUsers() {
  return [
    ...DEMO_EMPLOYEES.map((e) => {
      const [first, last] = e.name.split(' ');
      return { id: e.telegramId, first_name: first, last_name: last, language_code: e.language, label: `${e.name} — ${e.department} (${e.email})` };
    }),
    { id: 700099, first_name: 'Stranger', language_code: 'en', label: 'A stranger (not an employee)' },
  ];
}

/**
 * Employees `npm start` makes admins / auditors (ADMIN_EMPLOYEE_IDS / AUDITOR_EMPLOYEE_IDS, unless set),
 * from the seeded roles: e-anna is the admin who opens the company's lots.
 */
export const DEMO_ADMIN_IDS = DEMO_EMPLOYEES.filter((e) => (e.roles as readonly string[]).includes('admin')).map((e) => e.id);
export const DEMO_AUDITOR_IDS = DEMO_EMPLOYEES.filter((e) => (e.roles as readonly string[]).includes('auditor')).map((e) => e.id);

/**
 * Demo lots with the employee who opens each: company lots (parking, hardware) need an admin opener,
 * an own lot is opened by its seller. Amounts fit the default tiered increments.
 */
export function demoLots(now: Date) {
  const inDays = (d: number) => new Date(now.getTime() + d * 86_400_000).toISOString();
  const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const monthEnd = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 0));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return [
    {
      opener: 'e-anna',
      body: {
        lotId: 'demo-parking-p12',
        kind: 'parking_spot',
        title: 'Parking spot P-12 (underground, next month)',
        description: 'Covered spot near the lift, level -1.',
        startingPrice: 150_000,
        minIncrement: 5_000,
        buyNowPrice: 400_000,
        closesAt: inDays(3),
        details: { spotNumber: 'P-12', periodFrom: day(month), periodTo: day(monthEnd) },
      },
    },
    {
      opener: 'e-anna',
      body: {
        lotId: 'demo-thinkpad-t14',
        // written off by IT; Dmitry sells it for the company
        sellerId: 'e-dmitry',
        kind: 'hardware',
        title: 'ThinkPad T14 Gen 2, 16 GB',
        description: 'Written-off laptop, battery at 82%.',
        startingPrice: 2_000_000,
        minIncrement: 50_000,
        closesAt: inDays(5),
        details: { inventoryTag: 'INV-004211', condition: 'good' },
      },
    },
    {
      opener: 'e-boris',
      body: {
        lotId: 'demo-bike-boris',
        kind: 'own_lot',
        title: 'City bike, 28"',
        description: 'Boris is moving and sells his bike.',
        startingPrice: 800_000,
        minIncrement: 20_000,
        reservePrice: 1_000_000,
        closesAt: inDays(7),
        details: {},
      },
    },
  ];
}

export const DEMO_BIDS = [
  { lotId: 'demo-parking-p12', bidder: 'e-boris', amount: 150_000 },
  // a maximum: the visible price only rises to 1,550.00 (one 50.00 step above Boris)
  { lotId: 'demo-parking-p12', bidder: 'e-chloe', amount: 180_000 },
  { lotId: 'demo-thinkpad-t14', bidder: 'e-anna', amount: 2_000_000 },
];

/** Demo offices and meeting rooms (created by the bootstrap admin through the rooms API). */
export const DEMO_OFFICES = [
  {
    office: { officeId: 'msk', name: 'Москва', address: 'Пресненская наб., 12', timeZone: 'Europe/Moscow' },
    rooms: [
      { roomId: 'msk-arbat', name: 'Арбат', floor: 5, capacity: 4, equipment: ['display'] },
      { roomId: 'msk-tverskaya', name: 'Тверская', floor: 5, capacity: 10, equipment: ['video', 'whiteboard'], bufferMinutes: 10 },
      { roomId: 'msk-kremlin', name: 'Кремль', floor: 7, capacity: 20, equipment: ['video', 'phone'], privacy: true },
    ],
  },
  {
    office: { officeId: 'spb', name: 'Санкт-Петербург', address: 'Невский пр., 28', timeZone: 'Europe/Moscow' },
    rooms: [
      { roomId: 'spb-neva', name: 'Нева', floor: 3, capacity: 8, equipment: ['video', 'whiteboard'] },
      { roomId: 'spb-fontanka', name: 'Фонтанка', floor: 3, capacity: 4, equipment: ['display'], checkInWindowMinutes: 5 },
    ],
  },
  {
    office: { officeId: 'nsk', name: 'Новосибирск', address: 'Красный пр., 1', timeZone: 'Asia/Novosibirsk' },
    rooms: [
      { roomId: 'nsk-ob', name: 'Обь', floor: 2, capacity: 6, equipment: ['video'] },
      { roomId: 'nsk-akademgorodok', name: 'Академгородок', floor: 2, capacity: 12, equipment: ['video', 'whiteboard'] },
    ],
  },
] as const;

/** Floor plans of the seeded offices (samples/seating), published by the bootstrap admin; the rooms are the seeded ones. */
export const DEMO_FLOOR_PLANS = [
  { officeId: 'msk', floor: 5, name: '5 этаж', file: 'msk-5.svg' },
  { officeId: 'msk', floor: 7, name: '7 этаж', file: 'msk-7.svg' },
] as const;

/** Assigned desks of the demo employees of the Moscow office (the others take hot desks). */
export const DEMO_DESKS = [
  { officeId: 'msk', floor: 5, deskId: 'msk5-d01', employeeId: 'e-boris' },
  { officeId: 'msk', floor: 5, deskId: 'msk5-d02', employeeId: 'e-dmitry' },
  { officeId: 'msk', floor: 7, deskId: 'msk7-d01', employeeId: 'e-vera' },
] as const;
