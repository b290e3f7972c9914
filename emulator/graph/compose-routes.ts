import type { Router } from 'express';
import type { EmulatorContext } from '../context';

/** sendMail, drafts, replies, forwards, draft attachments and upload sessions. (To be built.) */
export function registerComposeRoutes(_graph: Router, _ctx: EmulatorContext): void {}
