import { hkdfSync } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Database } from './db/pool.ts';
import type { UserCreatedHook } from './identities/users.service.ts';

/** Keys derived from EMBARK_SECRET_KEY, one per purpose, so no key is used for two things. */
export interface Keys {
  readonly tokenSigning: Uint8Array;
  readonly credentialEncryption: Buffer;
  readonly deviceTokens: Uint8Array;
  /** Signs the short-lived tokens of the embeddable checklist widget (src/embed). */
  readonly embedTokens: Uint8Array;
}

export function deriveKeys(secret: Buffer): Keys {
  const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `embark ${purpose}`, 32));
  return {
    tokenSigning: new Uint8Array(derive('access-token-signing')),
    credentialEncryption: derive('credential-encryption'),
    deviceTokens: new Uint8Array(derive('device-tokens')),
    embedTokens: new Uint8Array(derive('embed-token-signing')),
  };
}

/**
 * What modules declare (in MODULES) to act on another module's events in the same transaction,
 * collected once when the context is made, so every entry point (API, worker, CLI) runs the same hooks.
 */
export interface ModuleHooks {
  readonly userCreated: readonly UserCreatedHook[];
}

/** What services need: configuration, the database, a logger, the derived keys and the modules' hooks. */
export interface Context {
  readonly config: Config;
  readonly db: Database;
  readonly log: Logger;
  readonly keys: Keys;
  readonly hooks: ModuleHooks;
}
