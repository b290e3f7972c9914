import type { RequestHandler, Router } from 'express';
import type { EmulatorContext } from '../context';

export interface Throttle {
  middleware: RequestHandler;
  registerControl(control: Router): void;
}

/** Outlook-like throttling and injected faults. (To be built.) */
export function createThrottle(_ctx: EmulatorContext): Throttle {
  return { middleware: (_req, _res, next) => next(), registerControl: () => {} };
}
