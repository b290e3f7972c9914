import type { Router } from 'express';
import type { EmulatorContext } from '../context';

/** Mail folders and messages: list, get, PATCH, move, delete, attachments, delta. (To be built.) */
export function registerMailRoutes(_graph: Router, _ctx: EmulatorContext): void {}
