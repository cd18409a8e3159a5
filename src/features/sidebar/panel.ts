import type { SidebarPanel } from './rpc-types';

/**
 * Marks which panel the sidebar page opens on (src/ui/sidebar/main.ts reads it): sidebar.html carries
 * data-panel="run", and one page serves every menu item, so the server rewrites that one attribute.
 */
export function withPanel(html: string, panel: SidebarPanel): string {
  const marked = html.replace('data-panel="run"', `data-panel="${panel}"`);
  if (marked === html && panel !== 'run') throw new Error('Sidebar.html has no data-panel="run" marker');
  return marked;
}
