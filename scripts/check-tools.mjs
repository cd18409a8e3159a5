// `npm test` runs this first (npm's pretest): the e2e tests need nginx (the load balancer's stand-in)
// and the sidebar tests need Chromium. Without them a newcomer would get a browser-launch stack trace
// deep in the run; instead this prints one message naming what is missing and how to install it.
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package names of an apt-packages.txt: one per line, '#' to the end of a line is a comment. */
export function aptPackages(text) {
  return text.split('\n').flatMap((line) => line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean));
}

const APT_PACKAGES = join(dirname(fileURLToPath(import.meta.url)), 'apt-packages.txt');

/** The packages CI installs for npm test (scripts/apt-packages.txt), as one command. */
export const INSTALL_COMMAND = `sudo apt-get install -y --no-install-recommends ${aptPackages(readFileSync(APT_PACKAGES, 'utf8')).join(' ')}`;

/** Where the tests look for each program (test/e2e/support/nginx.ts, test/ui/support/harness.ts). */
export function requiredTools(env = process.env) {
  const onPath = (name) =>
    (env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, name));
  return [
    { name: 'nginx', candidates: ['/usr/sbin/nginx', '/usr/bin/nginx', ...onPath('nginx')] },
    { name: 'chromium', candidates: [env.CHROMIUM_PATH ?? '/usr/bin/chromium'] },
  ];
}

/** The one message for the missing programs, or null when everything is there. */
export function missingToolsMessage(tools, exists = existsSync) {
  const missing = tools.filter((tool) => !tool.candidates.some((path) => exists(path))).map((t) => t.name);
  if (missing.length === 0) return null;
  return `npm test needs ${missing.join(' and ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed. Install with:\n  ${INSTALL_COMMAND}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const message = missingToolsMessage(requiredTools());
  if (message !== null) {
    console.error(message);
    process.exit(1);
  }
}
