/**
 * Writes examples/customers.csv: 1,000 realistic rows for the reference model (seeded, so the file is
 * reproducible), with two rows the model must refuse and two blank rows, as real sheets have.
 * Run: npx tsx examples/make-sample.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';

let seed = 20261126;
function random(): number {
  // mulberry32: a tiny seeded PRNG, so the sample is the same on every machine
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)] as T;
const between = (min: number, max: number): number => Math.round(min + random() * (max - min));

const header = [
  'age',
  'tenure_months',
  'monthly_spend',
  'plan',
  'region',
  'support_tickets',
  'last_login_days',
  'is_annual',
];
const rows: unknown[][] = [];
for (let i = 0; i < 1_000; i++) {
  const plan = pick(['free', 'free', 'pro', 'pro', 'team']);
  // US dollars a month, the unit the reference model was set up with (mean 50, sd 30)
  const spend =
    plan === 'free' ? 0 : plan === 'pro' ? between(1_500, 4_500) / 100 : between(6_000, 20_000) / 100;
  rows.push([
    between(19, 72),
    between(0, 84),
    spend,
    plan,
    pick(['関東', '関東', '関西', '北海道', '九州', 'Overseas']),
    Math.floor(random() ** 3 * 9),
    Math.floor(random() ** 2 * 120),
    plan !== 'free' && random() < 0.4 ? 'TRUE' : 'FALSE',
  ]);
}
rows[41] = [37, 12, 29.8, 'pro', '関東', 1, 'unknown', 'FALSE']; // a number column holding text
rows[318] = [52, 30, 98, 'enterprise', '関西', 0, 3, 'TRUE']; // a plan the model does not know
rows[500] = header.map(() => '');
rows[501] = header.map(() => '');
writeFileSync(join(__dirname, 'customers.csv'), stringify([header, ...rows]));
console.log(`wrote ${rows.length} rows to examples/customers.csv`);
