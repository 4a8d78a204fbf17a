import { renderPrometheus, wantsPrometheus } from './prometheus';

describe('Prometheus text exposition', () => {
  it('writes HELP, TYPE and one line per labelled value, escaping label values', () => {
    const text = renderPrometheus([
      { name: 'megabot_commands_total', help: 'Commands run', type: 'counter', values: [{ labels: { write_side: 'auction' }, value: 3 }] },
      { name: 'megabot_odd', help: 'a "quoted"\nhelp', type: 'gauge', values: [{ labels: { a: 'x"y\\z\nw' }, value: 1.5 }, { value: Infinity }] },
    ]);
    expect(text).toBe(
      [
        '# HELP megabot_commands_total Commands run',
        '# TYPE megabot_commands_total counter',
        'megabot_commands_total{write_side="auction"} 3',
        '# HELP megabot_odd a "quoted"\\nhelp',
        '# TYPE megabot_odd gauge',
        'megabot_odd{a="x\\"y\\\\z\\nw"} 1.5',
        'megabot_odd NaN',
        '',
      ].join('\n'),
    );
  });

  it('refuses a name Prometheus would not accept', () => {
    expect(() => renderPrometheus([{ name: 'megabot-bad', help: '', type: 'gauge', values: [] }])).toThrow(/not a Prometheus metric name/);
  });

  it("recognises a scraper's Accept header", () => {
    expect(wantsPrometheus('application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1')).toBe(true);
    expect(wantsPrometheus('text/plain')).toBe(true);
    expect(wantsPrometheus('application/json')).toBe(false);
    expect(wantsPrometheus(undefined)).toBe(false);
  });
});
