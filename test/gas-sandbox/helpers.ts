// Shared by the sandbox's own tests: tiny scripts in temp files (NOT dist/Code.js, which is still being
// written) and the HTTP test server in its worker thread.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { createSandbox, type Sandbox, type SandboxOptions } from './sandbox';

const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gas-sandbox-'));
// jest loads this module once per test file, so each file cleans up its own folder.
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));
let counter = 0;

/** Writes a script the way the bundle is shaped: `var global = this;` and top-level functions. */
export function writeScript(source: string): string {
  const file = path.join(tempDir, `script-${++counter}.js`);
  fs.writeFileSync(file, `var global = this;\n${source}\n`);
  return file;
}

export function sandboxFor(source: string, opts: SandboxOptions = {}): Sandbox {
  return createSandbox({ distDir: tempDir, ...opts, codePath: writeScript(source) });
}

export function writeHtml(name: string, html: string): string {
  fs.writeFileSync(path.join(tempDir, `${name}.html`), html);
  return tempDir;
}

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const worker = new Worker(path.join(__dirname, 'test-server.mjs'));
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await worker.terminate();
    },
  };
}

/** A port on which nothing listens: bound, read, closed. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
