import type { PlanEdge, PlanNode, PlanRoom } from '@megabot/contracts';
import { DomainError } from '../shared/domain-error';

/**
 * Routes inside an office: the corridor graph of its floor plans (junctions
 * and landings joined by corridor segments), with stairs and lifts joining
 * the landings of one shaft (same `connects`) on consecutive floors, and the
 * shortest walk (Dijkstra) from where someone stands - read from a marker -
 * to a room's entrance. Pure, so the Web App runs it in the browser on the
 * plans it already loaded, and the API can answer the same route.
 */

/** One floor as the plan gives it (a FloorPlanView fits). */
export interface WayfindingFloor {
  floor: number;
  nodes: readonly PlanNode[];
  edges: readonly PlanEdge[];
  rooms?: readonly Pick<PlanRoom, 'roomId' | 'nodeId'>[];
}

/** A node of the office: node ids are unique within their floor's plan only. */
export interface Place {
  floor: number;
  nodeId: string;
}

/**
 * What changing floors costs, in plan units (the corridor lengths' unit):
 * stairs per floor climbed, a lift's wait plus its ride per floor. The
 * defaults make a lift worth it from about three floors up.
 */
export interface TransferCosts {
  stairsPerFloor: number;
  liftWait: number;
  liftPerFloor: number;
}
export const DEFAULT_TRANSFER_COSTS: TransferCosts = Object.freeze({ stairsPerFloor: 300, liftWait: 600, liftPerFloor: 60 });

export interface RoutePoint {
  nodeId: string;
  x: number;
  y: number;
}

/** The part of a route on one floor, to draw on that floor's plan. */
export interface RouteLeg {
  floor: number;
  points: RoutePoint[];
  length: number;
}

export interface RouteTransfer {
  kind: 'stairs' | 'lift';
  connects: string;
  fromFloor: number;
  toFloor: number;
}

export interface Route {
  from: Place;
  to: Place;
  /** Corridor length plus the transfers' costs. */
  cost: number;
  /** In walking order; consecutive legs are joined by `transfers[i]`. */
  legs: RouteLeg[];
  transfers: RouteTransfer[];
}

export const WayfindingErrors = {
  unknownPlace: (place: Place) =>
    new DomainError('seating.unknown_place', 'not_found', `There is no point ${place.nodeId} on floor ${place.floor}`, { ...place }),
  roomNotOnPlan: (roomId: string) =>
    new DomainError('seating.room_not_on_plan', 'not_found', `Room ${roomId} is not on any floor plan of this office`, { roomId }),
  roomWithoutEntrance: (roomId: string) =>
    new DomainError('seating.room_without_entrance', 'unprocessable', `Room ${roomId} is not joined to a corridor on its plan`, { roomId }),
  unreachable: (from: Place, to: Place) =>
    new DomainError('seating.unreachable', 'unprocessable', `No corridor, stairs or lift leads from ${placeKey(from)} to ${placeKey(to)}`, {
      from: { ...from },
      to: { ...to },
    }),
  invalidEdge: (floor: number, edge: PlanEdge) =>
    new DomainError(
      'seating.invalid_edge',
      'unprocessable',
      `Floor ${floor}: the corridor ${edge.from}-${edge.to} joins an unknown point or has a bad length`,
      {
        floor,
        from: edge.from,
        to: edge.to,
      },
    ),
};

interface Arc {
  to: string;
  cost: number;
  /** A ride or climb between floors. */
  transfer?: RouteTransfer;
  /** Walked along a corridor (not stepping in or out of a lift car). */
  corridor: boolean;
}

interface GraphNode extends Place {
  x: number;
  y: number;
  /** A lift car stopped at a floor: a step of the search, not a point to draw. */
  car?: boolean;
}

export interface CorridorGraph {
  nodes: ReadonlyMap<string, GraphNode>;
  arcs: ReadonlyMap<string, Arc[]>;
  /** Room id -> its entrance (null: the room's shape is joined to no corridor). */
  entrances: ReadonlyMap<string, Place | null>;
}

const placeKey = (p: Place) => `${p.floor}/${p.nodeId}`;

/** Builds the graph of an office from its floors' plans. */
export function corridorGraph(floors: readonly WayfindingFloor[], costs: TransferCosts = DEFAULT_TRANSFER_COSTS): CorridorGraph {
  const nodes = new Map<string, GraphNode>();
  const arcs = new Map<string, Arc[]>();
  const entrances = new Map<string, Place | null>();
  const addNode = (key: string, node: GraphNode) => {
    nodes.set(key, node);
    arcs.set(key, []);
  };
  const arc = (from: string, to: string, cost: number, extra: Partial<Arc> = {}) => arcs.get(from)!.push({ to, cost, corridor: false, ...extra });
  for (const { floor, nodes: planNodes } of floors) {
    for (const n of planNodes) addNode(placeKey({ floor, nodeId: n.nodeId }), { floor, nodeId: n.nodeId, x: n.x, y: n.y });
  }
  for (const { floor, edges, rooms = [] } of floors) {
    for (const e of edges) {
      const a = placeKey({ floor, nodeId: e.from });
      const b = placeKey({ floor, nodeId: e.to });
      if (!nodes.has(a) || !nodes.has(b) || !Number.isFinite(e.length) || e.length < 0) throw WayfindingErrors.invalidEdge(floor, e);
      arc(a, b, e.length, { corridor: true });
      arc(b, a, e.length, { corridor: true });
    }
    for (const r of rooms) entrances.set(r.roomId, r.nodeId === null ? null : { floor, nodeId: r.nodeId });
  }
  // A shaft joins each landing to its next landing up. A lift is ridden in its car: stepping in costs the wait once,
  // however many floors the ride passes; stairs cost per floor climbed.
  const shafts = new Map<string, { kind: 'stairs' | 'lift'; connects: string; landings: { floor: number; key: string }[] }>();
  for (const { floor, nodes: planNodes } of floors) {
    for (const n of planNodes) {
      if (n.kind === 'corridor' || !n.connects) continue;
      const id = `${n.kind}:${n.connects}`;
      const shaft = shafts.get(id) ?? { kind: n.kind, connects: n.connects, landings: [] };
      shaft.landings.push({ floor, key: placeKey({ floor, nodeId: n.nodeId }) });
      shafts.set(id, shaft);
    }
  }
  for (const { kind, connects, landings } of shafts.values()) {
    landings.sort((a, b) => a.floor - b.floor);
    const stop = (landing: { floor: number; key: string }) => {
      if (kind === 'stairs') return landing.key;
      const car = `${landing.key}#car`;
      if (!nodes.has(car)) {
        addNode(car, { ...nodes.get(landing.key)!, car: true });
        arc(landing.key, car, costs.liftWait);
        arc(car, landing.key, 0);
      }
      return car;
    };
    for (let i = 1; i < landings.length; i++) {
      const [low, high] = [landings[i - 1], landings[i]];
      if (high.floor === low.floor) continue;
      const cost = (kind === 'stairs' ? costs.stairsPerFloor : costs.liftPerFloor) * (high.floor - low.floor);
      arc(stop(low), stop(high), cost, { transfer: { kind, connects, fromFloor: low.floor, toFloor: high.floor } });
      arc(stop(high), stop(low), cost, { transfer: { kind, connects, fromFloor: high.floor, toFloor: low.floor } });
    }
  }
  return { nodes, arcs, entrances };
}

/** The shortest route between two places of the graph. */
export function shortestRoute(graph: CorridorGraph, from: Place, to: Place): Route {
  const start = placeKey(from);
  const goal = placeKey(to);
  if (!graph.nodes.has(start) || graph.nodes.get(start)!.car) throw WayfindingErrors.unknownPlace(from);
  if (!graph.nodes.has(goal) || graph.nodes.get(goal)!.car) throw WayfindingErrors.unknownPlace(to);
  const dist = new Map<string, number>([[start, 0]]);
  const previous = new Map<string, { key: string; arc: Arc }>();
  const queue = new MinHeap();
  queue.push(start, 0);
  for (let next = queue.pop(); next; next = queue.pop()) {
    const [key, d] = next;
    if (d > dist.get(key)!) continue;
    if (key === goal) break;
    for (const arc of graph.arcs.get(key)!) {
      const candidate = d + arc.cost;
      if (candidate < (dist.get(arc.to) ?? Infinity)) {
        dist.set(arc.to, candidate);
        previous.set(arc.to, { key, arc });
        queue.push(arc.to, candidate);
      }
    }
  }
  if (!dist.has(goal)) throw WayfindingErrors.unreachable(from, to);
  const steps: { key: string; via?: Arc }[] = [{ key: goal }];
  for (let step = previous.get(goal); step; step = previous.get(step.key)) {
    steps[0].via = step.arc;
    steps.unshift({ key: step.key });
  }
  return { from: { ...from }, to: { ...to }, cost: dist.get(goal)!, ...legsOf(graph, steps) };
}

/**
 * Cuts a path into one leg per floor walked and the transfers between them. Passing a floor on the stairs (or in the
 * lift) without walking it is one transfer, not a leg of its own.
 */
function legsOf(graph: CorridorGraph, steps: { key: string; via?: Arc }[]): Pick<Route, 'legs' | 'transfers'> {
  const legs: RouteLeg[] = [];
  const transfers: RouteTransfer[] = [];
  let walkedSinceTransfer = true;
  for (const { key, via } of steps) {
    const node = graph.nodes.get(key)!;
    if (via?.transfer) {
      const last = transfers.at(-1);
      if (last && !walkedSinceTransfer && last.kind === via.transfer.kind && last.connects === via.transfer.connects) {
        last.toFloor = via.transfer.toFloor;
        if (legs.length > 1 && legs.at(-1)!.points.length === 1) legs.pop();
      } else transfers.push({ ...via.transfer });
      walkedSinceTransfer = false;
    }
    if (via?.corridor) walkedSinceTransfer = true;
    if (node.car) continue;
    const point = { nodeId: node.nodeId, x: node.x, y: node.y };
    const leg = legs.at(-1);
    if (leg && leg.floor === node.floor && !via?.transfer) {
      leg.points.push(point);
      leg.length += via?.corridor ? via.cost : 0;
    } else legs.push({ floor: node.floor, points: [point], length: 0 });
  }
  return { legs, transfers };
}

/** The shortest route from a place to a meeting room's entrance. */
export function routeToRoom(graph: CorridorGraph, from: Place, roomId: string): Route {
  if (!graph.entrances.has(roomId)) throw WayfindingErrors.roomNotOnPlan(roomId);
  const entrance = graph.entrances.get(roomId);
  if (!entrance) throw WayfindingErrors.roomWithoutEntrance(roomId);
  return shortestRoute(graph, from, entrance);
}

/** A binary min-heap of (key, priority): Dijkstra's frontier. */
class MinHeap {
  private readonly items: [string, number][] = [];
  push(key: string, priority: number): void {
    const items = this.items;
    items.push([key, priority]);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (items[parent][1] <= items[i][1]) break;
      [items[parent], items[i]] = [items[i], items[parent]];
      i = parent;
    }
  }
  pop(): [string, number] | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length && last) {
      items[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < items.length && items[l][1] < items[smallest][1]) smallest = l;
        if (r < items.length && items[r][1] < items[smallest][1]) smallest = r;
        if (smallest === i) break;
        [items[smallest], items[i]] = [items[i], items[smallest]];
        i = smallest;
      }
    }
    return top;
  }
}
