import { MetricsServer } from '../../src/metrics/metrics-server';
import { TestApp } from './test-app';

/** One scrape of an app's METRICS_PORT, over HTTP as Prometheus does it. */
export interface Scrape {
  /** The value of a series named as the text format writes it: `name` or `name{label="value",…}`; 0 when absent. */
  value(series: string): number;
  /** Whether the series is there at all. */
  has(series: string): boolean;
  /** Every series of a metric (histograms: of `name_bucket` etc.), with its labels. */
  series(name: string): { labels: Record<string, string>; value: number }[];
  /** Metric names with their `# TYPE`. */
  types: Map<string, string>;
}

export async function scrape(t: TestApp): Promise<Scrape> {
  const res = await fetch(`http://127.0.0.1:${t.app.get(MetricsServer).port}/metrics`);
  if (res.status !== 200) throw new Error(`metrics answered ${res.status}`);
  const values = new Map<string, number>();
  const types = new Map<string, string>();
  for (const line of (await res.text()).split('\n')) {
    const type = line.match(/^# TYPE (\S+) (\S+)$/);
    if (type) types.set(type[1], type[2]);
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  const parse = (key: string) => {
    const m = key.match(/^([^{]+)(?:\{(.*)\})?$/)!;
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]),
    );
    return { name: m[1], labels };
  };
  return {
    value: (series) => values.get(series) ?? 0,
    has: (series) => values.has(series),
    series: (name) =>
      [...values].flatMap(([key, value]) => {
        const p = parse(key);
        return p.name === name ? [{ labels: p.labels, value }] : [];
      }),
    types,
  };
}
