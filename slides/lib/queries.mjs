// The queries behind a panel of the walkthrough dashboard, found by the panel's title: what
// Grafana runs, read from the dashboard's JSON (which has no comments to mark a region with).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.mjs';

export const DASHBOARD = 'grafana/dashboards/correlation-walkthrough.json';

/** { title, text } of the first panel whose title starts with `prefix`, or null. */
export function panelQueries(prefix, dashboard = JSON.parse(fs.readFileSync(path.join(ROOT, DASHBOARD), 'utf8'))) {
  const panel = (dashboard.panels ?? []).find((p) => (p.title ?? '').startsWith(prefix));
  if (!panel || !panel.targets?.length) return null;
  const lines = panel.targets.map((target) => (target.expr ? target.expr : Object.entries(target)
    .filter(([key]) => !['refId', 'datasource', 'groupBy'].includes(key))
    .map(([key, value]) => `${key}: ${value}`).join('\n')));
  return { title: panel.title, text: lines.join('\n') };
}
