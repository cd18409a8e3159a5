// Shared inputs for the server tests: valid rows for the churn model, keys, and a started-server helper.
import {
  type ReferenceServer,
  type ReferenceServerOptions,
  startReferenceServer,
} from '../../server/src/index';

export const KEY = { keyId: 'k1', secret: 'test-secret-one-0123456789' };
export const KEY2 = { keyId: 'k2', secret: 'test-secret-two-9876543210' };

/** Positional rows in the model's column order: age, tenure, spend, plan, region, tickets, login days, annual. */
export const ROWS = [
  [34, 12, 49.5, 'pro', '関東', 1, 3, true],
  [61, 1, 10, 'free', 'Overseas', 8, 60, false],
  ['45', '36', '80', 'team', '北海道', '0', '2', 'TRUE'],
];

export const COLUMNS = [
  'age',
  'tenure_months',
  'monthly_spend',
  'plan',
  'region',
  'support_tickets',
  'last_login_days',
  'is_annual',
];

export async function withServer(
  options: ReferenceServerOptions,
  body: (server: ReferenceServer) => Promise<void>,
): Promise<void> {
  const server = await startReferenceServer(options);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}
