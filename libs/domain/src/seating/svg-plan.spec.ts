import { DomainError } from '../shared/domain-error';
import { sanitizePlanSvg } from './svg-plan';

const svg = (body: string, root = 'viewBox="0 0 400 200"') => `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" ${root}>${body}</svg>`;

function refused(source: string): DomainError {
  try {
    sanitizePlanSvg(source);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('floor plan SVG: sanitizing', () => {
  it('removes scripts, event handlers, foreign objects, styles, images, external references and javascript: links', () => {
    const { svg: out, removed } = sanitizePlanSvg(
      svg(`<script>alert(1)</script>
        <rect id="d1" data-seating="desk" x="0" y="0" width="10" height="10" onclick="alert(2)" onmouseover="x()" fill="url(https://evil.example/x.svg#a)"/>
        <foreignObject width="10" height="10"><body xmlns="http://www.w3.org/1999/xhtml"><img src="x" onerror="alert(3)"/></body></foreignObject>
        <style>@import url(https://evil.example/a.css);</style>
        <image href="https://evil.example/track.png" width="1" height="1"/>
        <use href="https://evil.example/sprite.svg#icon"/>
        <use xlink:href="#d1" x="20"/>
        <a href="javascript:alert(4)"><text x="5" y="5" style="fill:red;background:url(https://evil.example/b)">Hi &amp; bye</text></a>
        <circle cx="1" cy="1" r="1" style="behavior:url(x.htc)" fill="url(#grad)"/>`),
    );
    expect(out).not.toMatch(/script|onclick|onmouseover|onerror|foreignObject|<style|<image|evil\.example|javascript:|behavior/i);
    expect(out).toContain('<use href="#d1" x="20"/>');
    expect(out).toContain('<text x="5" y="5" style="fill:red">Hi &amp; bye</text>');
    expect(out).toContain('fill="url(#grad)"');
    expect(out.startsWith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200">')).toBe(true);
    expect(removed).toMatchObject({ script: 1, foreignObject: 1, style: 1, image: 1, '@on*': 2, '@fill': 1, a: 1, '@style': 2, '@href': 2 });
  });

  it('refuses entity declarations and unknown entities (nothing to expand or fetch), and broken XML with where it broke', () => {
    expect(refused(`<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg viewBox="0 0 1 1">&a;</svg>`).code).toBe('seating.invalid_svg');
    expect(refused(svg('<text>&nbsp;</text>')).message).toMatch(/entity &nbsp;/);
    expect(refused(svg('<rect></g>')).message).toMatch(/closing tag/);
    expect(refused(svg('<rect x=1/>')).message).toMatch(/quoted value/);
    expect(refused(svg('<rect x="1" x="2"/>')).message).toMatch(/twice/);
    expect(refused('<svg viewBox="0 0 1 1"><g>').message).toMatch(/never closed/);
    expect(refused('<html><body/></html>').message).toMatch(/not <svg>/);
    expect(refused(svg('', '')).message).toMatch(/viewBox/);
    expect(refused(svg('<rect id="a"/><circle id="a"/>')).message).toMatch(/"a" is used twice/);
  });

  it('the output is its own serialization: text and attributes are escaped again, whatever the input quoting', () => {
    const { svg: out } = sanitizePlanSvg(svg(`<text x='1' data-label='a"b'>x &lt;script&gt; y</text><![CDATA[<b>]]>`));
    expect(out).toContain('<text x="1" data-label="a&quot;b">x &lt;script&gt; y</text>&lt;b&gt;');
  });
});

describe('floor plan SVG: named shapes', () => {
  const plan = svg(`
    <g transform="translate(100,0)">
      <rect id="d1" data-seating="desk" data-label="1.01" data-kind="assigned" x="0" y="0" width="20" height="10"/>
      <rect id="d2" data-seating="desk" x="40" y="0" width="20" height="10" data-node="n2"/>
    </g>
    <rect id="r-neva" data-seating="room" data-room="neva" x="0" y="100" width="100" height="100"/>
    <circle id="n1" data-seating="node" cx="110" cy="50" r="2"/>
    <circle id="n2" data-seating="node" cx="300" cy="50" r="2"/>
    <circle id="s1" data-seating="node" data-kind="stairs" data-connects="stairs-a" cx="300" cy="150" r="4"/>
    <line data-seating="edge" data-from="n1" data-to="n2" x1="110" y1="50" x2="300" y2="50"/>
    <line data-seating="edge" data-from="n2" data-to="s1"/>
    <line data-seating="edge" data-from="s1" data-to="n2"/>`);

  it('reads desks, rooms, nodes and edges with positions in root coordinates; a shape without data-node walks from the nearest node', () => {
    const { shapes, statedKinds, statedLabels } = sanitizePlanSvg(plan);
    expect(shapes).toEqual({
      width: 400,
      height: 200,
      desks: [
        { deskId: 'd1', label: '1.01', kind: 'assigned', x: 110, y: 5, nodeId: 'n1' },
        { deskId: 'd2', label: 'd2', kind: 'hot', x: 150, y: 5, nodeId: 'n2' },
      ],
      rooms: [{ roomId: 'neva', shapeId: 'r-neva', x: 50, y: 150, nodeId: 'n1' }],
      nodes: [
        { nodeId: 'n1', kind: 'corridor', x: 110, y: 50, connects: null },
        { nodeId: 'n2', kind: 'corridor', x: 300, y: 50, connects: null },
        { nodeId: 's1', kind: 'stairs', x: 300, y: 150, connects: 'stairs-a' },
      ],
      edges: [
        { from: 'n1', to: 'n2', length: 190 },
        { from: 'n2', to: 's1', length: 100 },
      ],
    });
    expect(statedKinds).toEqual(['d1']);
    // a stairs landing nearer than any corridor node is not where one walks from
    const nearStairs = sanitizePlanSvg(plan.replace('</svg>', '<circle id="d9" data-seating="desk" cx="300" cy="140"/></svg>'));
    expect(nearStairs.shapes.desks.find((d) => d.deskId === 'd9')!.nodeId).toBe('n2');
    expect(statedLabels).toEqual(['d1']);
  });

  it('refuses a plan whose names do not hold together', () => {
    expect(refused(svg('<rect data-seating="desk" width="1" height="1"/>')).code).toBe('seating.invalid_plan');
    expect(refused(svg('<rect id="d" data-seating="desk" data-kind="vip"/>')).message).toMatch(/data-kind/);
    expect(refused(svg('<circle id="n" data-seating="node"/><line data-seating="edge" data-from="n" data-to="m"/>')).message).toMatch(/two different nodes/);
    expect(refused(svg('<circle id="s" data-seating="node" data-kind="lift"/>')).message).toMatch(/data-connects/);
    expect(refused(svg('<rect id="d" data-seating="desk" data-node="nope"/>')).message).toMatch(/not a node/);
    expect(refused(svg('<path id="d" data-seating="desk" d="M0 0h1"/>')).message).toMatch(/data-x and data-y/);
    expect(refused(svg('<rect id="x" data-seating="room" data-room="bad room"/>')).message).toMatch(/not a room id/);
    expect(refused(svg('<rect id="x" data-seating="chair"/>')).message).toMatch(/not one of/);
  });
});
