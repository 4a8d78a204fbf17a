/**
 * Prometheus's text exposition format (version 0.0.4), which Prometheus scrapes from GET /metrics
 * (`Accept: text/plain` or OpenMetrics): one HELP and TYPE line per metric, then a line per labelled value.
 */
export interface Metric {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  values: { labels?: Record<string, string>; value: number }[];
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Whether a scraper asked for the text format rather than this API's JSON. */
export function wantsPrometheus(accept: string | undefined): boolean {
  return /\b(text\/plain|application\/openmetrics-text)\b/i.test(accept ?? '');
}

export function renderPrometheus(metrics: Metric[]): string {
  const lines: string[] = [];
  for (const m of metrics) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(m.name)) throw new Error(`not a Prometheus metric name: ${m.name}`);
    lines.push(`# HELP ${m.name} ${m.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${m.name} ${m.type}`);
    for (const v of m.values) {
      const labels = Object.entries(v.labels ?? {})
        .map(([k, x]) => `${k}="${x.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`)
        .join(',');
      lines.push(`${m.name}${labels ? `{${labels}}` : ''} ${Number.isFinite(v.value) ? v.value : 'NaN'}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
