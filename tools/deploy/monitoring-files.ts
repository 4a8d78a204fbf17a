import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

type Dict = Record<string, any>;

/** The files of the monitoring overlay, read as Prometheus and Grafana read them. */
export interface MonitoringFiles {
  prometheus: Dict;
  grafanaDatasources: Dict;
  grafanaDashboards: Dict;
  dashboard: Dict;
}

export function readMonitoringFiles(root: string): MonitoringFiles {
  const yaml = (rel: string) => parse(fs.readFileSync(path.join(root, rel), 'utf8'));
  return {
    prometheus: yaml('deploy/prometheus/prometheus.yml'),
    grafanaDatasources: yaml('deploy/grafana/provisioning/datasources/prometheus.yml'),
    grafanaDashboards: yaml('deploy/grafana/provisioning/dashboards/megabot.yml'),
    dashboard: JSON.parse(fs.readFileSync(path.join(root, 'deploy/grafana/dashboards/megabot.json'), 'utf8')),
  };
}

/** Every metric the dashboard and the alerts ask for (the API's, and Prometheus's own `up`). */
export function monitoringMetricNames(files: MonitoringFiles, alerts: Dict): string[] {
  const exprs = [
    ...(files.dashboard.panels ?? []).flatMap((panel: Dict) => (panel.targets ?? []).map((t: Dict) => String(t.expr))),
    ...(alerts.groups ?? []).flatMap((g: Dict) => (g.rules ?? []).map((r: Dict) => String(r.expr))),
  ];
  return [...new Set(exprs.flatMap((e) => e.match(/\bmegabot_[a-z_]+\b/g) ?? []))].sort();
}
