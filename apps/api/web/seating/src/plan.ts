import type { FloorPlanView } from '@megabot/contracts/seating/seating.read';
import type { RoutePoint } from '@megabot/domain/seating/wayfinding';

const SVG = 'http://www.w3.org/2000/svg';

const el = <K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] => {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
};

/**
 * The floor plan on the page: the plan's own (sanitized) SVG, its desks coloured by the day's occupancy, and an
 * overlay for what the user asked about - a colleague's desk, a room, the route and "you are here".
 */
export class PlanView {
  private svg: SVGSVGElement | null = null;
  private overlay: SVGGElement | null = null;
  private plan: FloorPlanView | null = null;
  /** Marker size in plan units: plans come in any scale. */
  private unit = 10;

  constructor(
    private readonly host: HTMLElement,
    private readonly caption: HTMLElement,
  ) {}

  get floor(): FloorPlanView | null {
    return this.plan;
  }

  show(plan: FloorPlanView, me: string | null): void {
    const parsed = new DOMParser().parseFromString(plan.svg, 'image/svg+xml').documentElement;
    const svg = document.importNode(parsed, true) as unknown as SVGSVGElement;
    if (!svg.getAttribute('viewBox')) svg.setAttribute('viewBox', `0 0 ${plan.width} ${plan.height}`);
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-labelledby', this.caption.id);
    for (const desk of plan.desks) {
      const shape = svg.getElementById(desk.deskId);
      const state = desk.occupant?.employeeId === me ? 'mine' : desk.bookable ? 'free' : desk.occupant ? 'taken' : 'vacant';
      shape?.classList.add('desk', `desk--${state}`);
    }
    this.overlay = el('g', { class: 'overlay' });
    svg.append(this.overlay);
    this.host.replaceChildren(svg);
    this.svg = svg;
    this.plan = plan;
    this.unit = Math.max(plan.width, plan.height) / 60;
    this.caption.textContent = `${plan.officeName}, ${plan.name} (floor ${plan.floor}), ${plan.date}`;
  }

  clear(): void {
    this.overlay?.replaceChildren();
    this.svg?.querySelectorAll('.highlight').forEach((n) => n.classList.remove('highlight'));
  }

  /** Rings a desk (a colleague's, or the one being booked) and names it in the caption. */
  highlightDesk(deskId: string, text: string): void {
    const desk = this.plan?.desks.find((d) => d.deskId === deskId);
    if (!desk || !this.overlay) return;
    this.clear();
    this.svg!.getElementById(deskId)?.classList.add('highlight');
    this.overlay.append(el('circle', { class: 'ring', cx: desk.x, cy: desk.y, r: this.unit * 1.6, 'data-desk': deskId }));
    this.caption.textContent = text;
    this.reveal();
  }

  highlightRoom(shapeId: string): void {
    this.clear();
    this.svg?.getElementById(shapeId)?.classList.add('highlight');
  }

  /** One leg of a route on this floor: the line, its start ("you are here" on the first leg) and its end. */
  drawLeg(points: RoutePoint[], { start, end }: { start: 'here' | 'arrive'; end: 'room' | 'transfer' }): void {
    if (!this.overlay) return;
    const u = this.unit;
    const line = points.map((p) => `${p.x},${p.y}`).join(' ');
    this.overlay.append(el('polyline', { class: 'route', points: line, 'stroke-width': u * 0.5 }));
    const first = points[0];
    const last = points.at(-1)!;
    this.overlay.append(el('circle', { class: `end end--${end}`, cx: last.x, cy: last.y, r: u * 0.9 }));
    const here = el('g', { class: start === 'here' ? 'you-are-here' : 'arrive', transform: `translate(${first.x} ${first.y})` });
    here.append(el('circle', { r: u }));
    if (start === 'here' && points.length > 1) {
      const bearing = (Math.atan2(points[1].y - first.y, points[1].x - first.x) * 180) / Math.PI + 90;
      here.append(el('path', { class: 'arrow', d: `M0 ${-2.4 * u} L${0.9 * u} ${-1.2 * u} L${-0.9 * u} ${-1.2 * u}Z`, transform: `rotate(${bearing})` }));
    }
    this.overlay.append(here);
    this.reveal();
  }

  /** Brings the plan into view: on a phone the lists above it fill the screen. */
  private reveal(): void {
    this.host.scrollIntoView({ block: 'nearest' });
  }
}

/** The direction of a leg's first step on the plan, in degrees clockwise from the plan's up. */
export const bearingOf = (points: RoutePoint[]): number | null =>
  points.length > 1 ? ((Math.atan2(points[1].x - points[0].x, -(points[1].y - points[0].y)) * 180) / Math.PI + 360) % 360 : null;
