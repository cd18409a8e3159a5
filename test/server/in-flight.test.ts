// maxInFlight: the most predict requests the server handled at once, which the dragged-down-formula
// tests read to bound the load a burst of executions puts on the API (issue 9).
import { KEY, ROWS, withServer } from './fixtures';
import { call } from './sign';

describe('in-flight counters', () => {
  it('count concurrent predicts at their peak, leave health out, and restart from the current load on reset', async () => {
    await withServer({ keys: { [KEY.keyId]: KEY.secret } }, async (server) => {
      server.setFaults({ latencyMs: 300 });
      const predict = (i: number) =>
        call({
          baseUrl: server.url,
          path: '/v1/predict',
          body: {
            model: 'default',
            rows: [[...(ROWS[0] as unknown[]).slice(0, 1), i, ...(ROWS[0] as unknown[]).slice(2)]],
          },
          key: KEY,
        });
      await Promise.all([0, 1, 2, 3, 4].map(predict));
      await call({ baseUrl: server.url, path: '/v1/health' });
      expect(server.stats.maxInFlight).toBe(5);
      expect(server.stats.inFlight).toBe(0);
      const pending = Promise.all([5, 6].map(predict));
      await new Promise((resolve) => setTimeout(resolve, 100));
      server.stats.reset();
      expect(server.stats.maxInFlight).toBe(2);
      await pending;
      expect(server.stats.inFlight).toBe(0);
      server.stats.reset();
      expect(server.stats.maxInFlight).toBe(0);
    });
  });

  it('a dropped connection leaves the count', async () => {
    await withServer({ keys: { [KEY.keyId]: KEY.secret } }, async (server) => {
      server.setFaults({ dropConnection: true });
      await call({
        baseUrl: server.url,
        path: '/v1/predict',
        body: { model: 'default', rows: ROWS },
        key: KEY,
      }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.stats.maxInFlight).toBe(1);
      expect(server.stats.inFlight).toBe(0);
    });
  });
});
