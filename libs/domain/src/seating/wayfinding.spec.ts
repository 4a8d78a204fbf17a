import type { PlanNode } from '@megabot/contracts';
import { DomainError } from '../shared/domain-error';
import { corridorGraph, routeToRoom, shortestRoute, type Route, type WayfindingFloor } from './wayfinding';

const node = (nodeId: string, x: number, y: number, kind: PlanNode['kind'] = 'corridor', connects: string | null = null): PlanNode => ({
  nodeId,
  kind,
  x,
  y,
  connects,
});
const edge = (from: string, to: string, length: number) => ({ from, to, length });

/**
 * Three floors. Stairs "A" on every floor in the east, a lift "L" in the west on floors 1 and 3. Floor 1 also has a
 * storeroom nobody can walk to, and a room drawn without an entrance.
 *
 *   floor 1:  l1 -100- a -100- b -100- c      floor 2:  e -100- d      floor 3:  l3 -500- f -100- s3
 *                           (r101)     |               (r201)  |                  (r301)
 *                                     s1 (stairs A)           s2 (stairs A)
 */
const FLOORS: WayfindingFloor[] = [
  {
    floor: 1,
    nodes: [node('l1', -100, 0, 'lift', 'L'), node('a', 0, 0), node('b', 100, 0), node('c', 200, 0), node('s1', 200, 100, 'stairs', 'A'), node('x', 900, 900)],
    edges: [edge('l1', 'a', 100), edge('a', 'b', 100), edge('b', 'c', 100), edge('c', 's1', 100)],
    rooms: [
      { roomId: 'r101', nodeId: 'b' },
      { roomId: 'store', nodeId: 'x' },
      { roomId: 'closet', nodeId: null },
    ],
  },
  {
    floor: 2,
    nodes: [node('e', 100, 0), node('d', 200, 0), node('s2', 200, 100, 'stairs', 'A')],
    edges: [edge('s2', 'd', 100), edge('d', 'e', 100)],
    rooms: [{ roomId: 'r201', nodeId: 'e' }],
  },
  {
    floor: 3,
    nodes: [node('l3', -100, 0, 'lift', 'L'), node('f', 400, 0), node('s3', 500, 0, 'stairs', 'A')],
    edges: [edge('l3', 'f', 500), edge('f', 's3', 100)],
    rooms: [{ roomId: 'r301', nodeId: 'f' }],
  },
];

const COSTS = { stairsPerFloor: 300, liftWait: 600, liftPerFloor: 60 };
/** A route as one line per leg and transfer: easy to read in a failing test. */
const walk = (route: Route) =>
  route.legs.flatMap((leg, i) => {
    const line = `${leg.floor}: ${leg.points.map((p) => p.nodeId).join(' ')} (${leg.length})`;
    const t = route.transfers[i];
    return t ? [line, `${t.kind} ${t.connects} ${t.fromFloor}->${t.toFloor}`] : [line];
  });
const failure = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, kind: e.kind, details: e.details };
    throw e;
  }
  throw new Error('expected a DomainError');
};

describe('wayfinding', () => {
  const graph = corridorGraph(FLOORS, COSTS);

  it('given one floor, when routing to a room on it, then it walks the corridor to the entrance', () => {
    const route = routeToRoom(graph, { floor: 1, nodeId: 'l1' }, 'r101');
    expect(walk(route)).toEqual(['1: l1 a b (200)']);
    expect(route.cost).toBe(200);
    expect(route.legs[0].points.map(({ x, y }) => [x, y])).toEqual([
      [-100, 0],
      [0, 0],
      [100, 0],
    ]);
  });

  it('given two floors, when routing upstairs, then one leg per floor joined by the stairs', () => {
    const route = routeToRoom(graph, { floor: 1, nodeId: 'a' }, 'r201');
    expect(walk(route)).toEqual(['1: a b c s1 (300)', 'stairs A 1->2', '2: s2 d e (200)']);
    expect(route.cost).toBe(300 + 300 + 200);
    expect(route.to).toEqual({ floor: 2, nodeId: 'e' });
  });

  it('given stairs cost more than a lift ride, when routing two floors up, then the lift is taken and its wait paid once', () => {
    // by stairs: a..s1 300 + 2 x 300 + s3-f 100 = 1000; by lift: a-l1 100 + wait 600 + 2 x 60 + l3-f 500 = 1320
    expect(walk(routeToRoom(graph, { floor: 1, nodeId: 'a' }, 'r301'))).toEqual(['1: a b c s1 (300)', 'stairs A 1->3', '3: s3 f (100)']);
    const route = routeToRoom(corridorGraph(FLOORS, { ...COSTS, stairsPerFloor: 1000 }), { floor: 1, nodeId: 'a' }, 'r301');
    expect(walk(route)).toEqual(['1: a l1 (100)', 'lift L 1->3', '3: l3 f (500)']);
    expect(route.cost).toBe(100 + 600 + 120 + 500);
  });

  it('given a floor passed on the stairs, when routing, then it is one transfer and no leg of its own', () => {
    const route = shortestRoute(graph, { floor: 3, nodeId: 'f' }, { floor: 1, nodeId: 'c' });
    expect(walk(route)).toEqual(['3: f s3 (100)', 'stairs A 3->1', '1: s1 c (100)']);
  });

  it('given any two places, when routing both ways, then the cost is the same', () => {
    const places = FLOORS.flatMap((f) => f.nodes.filter((n) => n.nodeId !== 'x').map((n) => ({ floor: f.floor, nodeId: n.nodeId })));
    for (const from of places) for (const to of places) expect(shortestRoute(graph, from, to).cost).toBe(shortestRoute(graph, to, from).cost);
  });

  it('given the start is the destination, when routing, then it is a single point', () => {
    expect(walk(routeToRoom(graph, { floor: 1, nodeId: 'b' }, 'r101'))).toEqual(['1: b (0)']);
  });

  it('when the start or the room is unknown, then it says which', () => {
    expect(failure(() => routeToRoom(graph, { floor: 2, nodeId: 'a' }, 'r101'))).toEqual({
      code: 'seating.unknown_place',
      kind: 'not_found',
      details: { floor: 2, nodeId: 'a' },
    });
    expect(failure(() => routeToRoom(graph, { floor: 1, nodeId: 'a' }, 'r999'))).toMatchObject({
      code: 'seating.room_not_on_plan',
      details: { roomId: 'r999' },
    });
    expect(failure(() => routeToRoom(graph, { floor: 1, nodeId: 'a' }, 'closet'))).toMatchObject({
      code: 'seating.room_without_entrance',
      kind: 'unprocessable',
    });
    expect(failure(() => shortestRoute(graph, { floor: 1, nodeId: 'l1#car' }, { floor: 1, nodeId: 'a' }))).toMatchObject({
      code: 'seating.unknown_place',
    });
  });

  it('when nothing leads to the room, then it is unreachable, not an empty route', () => {
    expect(failure(() => routeToRoom(graph, { floor: 2, nodeId: 'e' }, 'store'))).toEqual({
      code: 'seating.unreachable',
      kind: 'unprocessable',
      details: { from: { floor: 2, nodeId: 'e' }, to: { floor: 1, nodeId: 'x' } },
    });
  });

  it('given a corridor to an unknown point or of a negative length, when building the graph, then it is refused', () => {
    expect(failure(() => corridorGraph([{ floor: 0, nodes: [node('a', 0, 0)], edges: [edge('a', 'zz', 10)] }]))).toMatchObject({
      code: 'seating.invalid_edge',
      details: { floor: 0, from: 'a', to: 'zz' },
    });
    expect(failure(() => corridorGraph([{ floor: 0, nodes: [node('a', 0, 0), node('b', 1, 0)], edges: [edge('a', 'b', -1)] }]))).toMatchObject({
      code: 'seating.invalid_edge',
    });
  });
});
