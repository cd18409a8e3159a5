/** Polling assertions: the page updates after each stubbed server answer, a tick or two later. */
import type { Locator } from 'playwright-core';

export async function eventually(check: () => Promise<void> | void, timeoutMs = 4000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - started > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export async function expectText(locator: Locator, expected: string | RegExp): Promise<void> {
  await eventually(async () => {
    const text = (await locator.textContent()) ?? '';
    if (typeof expected === 'string') expect(text).toContain(expected);
    else expect(text).toMatch(expected);
  });
}
