// make soak-plot: each program's resident memory over a soak run, as an SVG, from the run's own
// rss.csv (app/target/soak/rss.csv by default), with each program's mem_limit as a dashed line.
//
//   node scripts/soak-plot/plot.mjs [rss.csv] [out.svg]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [csvFile = path.join(root, 'app/target/soak/rss.csv'), svgFile = path.join(root, 'docs/img/soak-rss.svg')] = process.argv.slice(2);

// minute,service,rss_mib,peak_mib,anon_mib
const rows = fs.readFileSync(csvFile, 'utf8').trim().split('\n').slice(1).map((line) => {
  const [minute, service, rss] = line.split(',');
  return { minute: Number(minute), service, mib: Number(rss) };
});
const limits = memLimits(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));
const services = [...new Set(rows.map((r) => r.service))];
const limitRows = services.filter((s) => limits[s]).map((service) => ({ service, mib: limits[service] }));

const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: 640,
  height: 320,
  title: `Resident memory over ${Math.round(Math.max(...rows.map((r) => r.minute)))} minutes of make soak`,
  layer: [
    {
      data: { values: rows },
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'minute', type: 'quantitative', title: 'minutes' },
        y: { field: 'mib', type: 'quantitative', title: 'MiB' },
        color: { field: 'service', type: 'nominal', sort: services },
      },
    },
    {
      data: { values: limitRows },
      mark: { type: 'rule', strokeDash: [4, 4], strokeWidth: 1 },
      encoding: { y: { field: 'mib', type: 'quantitative' }, color: { field: 'service', type: 'nominal', sort: services } },
    },
  ],
};

const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
fs.writeFileSync(svgFile, await view.toSVG());
console.log(`${path.relative(root, svgFile)}: ${rows.length} samples of ${services.join(', ')}`);

/** Each service's mem_limit in docker-compose.yml, in MiB ("768m" is 768, "1g" is 1024). */
function memLimits(compose) {
  const limits = {};
  for (const [service, spec] of Object.entries(YAML.parse(compose).services)) {
    const limit = /^(\d+)([mg])$/i.exec(String(spec.mem_limit ?? ''));
    if (limit) limits[service] = Number(limit[1]) * (limit[2].toLowerCase() === 'g' ? 1024 : 1);
  }
  return limits;
}
