import { FakeServer } from './support/fake-server';
import { browserForFile, openSidebar } from './support/harness';

/** The menu item a user picked decides where the sidebar opens (server: openSidebar(panel)). */
jest.setTimeout(30_000);

const browser = browserForFile();

const sectionOrder = (ids: string[]) => ids.filter((id) => id.endsWith('-panel'));

describe('the panel the sidebar opens on', () => {
  it('"Predict selection" opens on the run panel with Start as its main action', async () => {
    const { page, pageErrors } = await openSidebar(browser(), new FakeServer(), { panel: 'run' });
    const ids = await page.locator('#app > section').evaluateAll((nodes) => nodes.map((n) => n.id));
    expect(sectionOrder(ids)[0]).toBe('run-panel');
    expect(await page.locator('#run-start').getAttribute('class')).toBe('primary');
    expect(await page.locator('#run-rerun').getAttribute('class')).toBeNull();
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('"Rerun failed rows" opens the run panel with rerun as the focused main action', async () => {
    const server = new FakeServer();
    const { page, pageErrors } = await openSidebar(browser(), server, { panel: 'rerun' });
    const buttons = page.locator('#run-panel > .buttons > button');
    expect(await buttons.evaluateAll((nodes) => nodes.map((n) => n.id))).toEqual(['run-rerun', 'run-start']);
    expect(await page.locator('#run-rerun').getAttribute('class')).toBe('primary');
    expect(await page.locator('#run-start').getAttribute('class')).toBe('');
    expect(await page.evaluate('document.activeElement?.id')).toBe('run-rerun');
    await page.keyboard.press('Enter');
    await page.locator('#job').waitFor();
    expect(server.callsOf('sidebarStartJob')[0]?.[0]).toMatchObject({ rerunFailed: true });
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });

  it('"Settings..." opens with the settings first and focused', async () => {
    const { page, pageErrors } = await openSidebar(browser(), new FakeServer(), { panel: 'settings' });
    const ids = await page.locator('#app > section').evaluateAll((nodes) => nodes.map((n) => n.id));
    expect(sectionOrder(ids)).toEqual(['settings-panel', 'run-panel', 'connection-panel']);
    expect(await page.evaluate("document.activeElement?.closest('section')?.id")).toBe('settings-panel');
    expect(pageErrors).toEqual([]);
    await page.context().close();
  });
});
