// Per-request state shared by the hooks and handlers (raw body for signing, what to log, which fault
// altered the answer). Declared on Fastify's request type so every hook sees it typed.
import type { MalformedKind } from './faults';

export type RouteName = 'predict' | 'models' | 'health' | 'other';

export interface RequestContext {
  route: RouteName;
  /** The body bytes exactly as received: SB1 signs these, never a re-serialisation. */
  rawBody: Buffer;
  /** Key id of a request whose signature verified. */
  keyId?: string;
  model?: string;
  rows?: number;
  replayed?: boolean;
  /** Set when a malformed-answer fault changes how the response is signed. */
  malformed?: MalformedKind;
}

declare module 'fastify' {
  interface FastifyRequest {
    sb: RequestContext;
  }
  interface FastifyContextConfig {
    sbRoute?: RouteName;
  }
}

export const EMPTY_BODY = Buffer.alloc(0);
