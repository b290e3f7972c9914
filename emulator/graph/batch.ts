import type { Router } from 'express';
import type { EmulatorContext } from '../context';

/** POST /$batch. (To be built.) */
export function registerBatchRoutes(_graph: Router, _ctx: EmulatorContext): void {}
