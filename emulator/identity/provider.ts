import express, { type Router } from 'express';
import type { EmulatorContext } from '../context';

export interface IdentityProvider {
  /** Mounted at /<tenantId>. */
  router: Router;
  registerControl(control: Router): void;
  close(): Promise<void>;
}

/** The OpenID Connect issuer. (To be built.) */
export async function createIdentityProvider(_ctx: EmulatorContext): Promise<IdentityProvider> {
  return { router: express.Router(), registerControl: () => {}, close: async () => {} };
}
