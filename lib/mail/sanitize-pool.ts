import 'server-only';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Piscina } from 'piscina';
import { env } from '../env';
import { processSingleton } from '../process-singleton';
import type { RenderInput } from './render-body';
import type { WorkerOutcome } from './sanitize-worker';

/*
 * Mail is sanitized on worker threads, never on the event loop: jsdom and DOMPurify are synchronous and
 * hostile markup can make them run for minutes. The worker code is a prebuilt bundle
 * (scripts/build-workers.ts, run on install, before `next build` and before the tests) found from the
 * working directory, because Next.js bundles server code and there is no TypeScript file to point a
 * worker at when the app runs.
 *
 * - Threads: one core is left to the event loop (at least one thread), and the threads run at a lower
 *   priority than it.
 * - Memory: a worker's heap is capped, so a memory bomb ends that worker (the pool starts another), not
 *   the server.
 * - Time: each render has sanitizeBudgetMs() (MAIL_RENDER_BUDGET_MS, 4 s) from the moment it is asked for,
 *   queueing included, so the reader gets an answer (the fallback at worst) within that time however busy
 *   the pool is. Aborting a running task terminates its worker; piscina replaces it.
 */

export const SANITIZE_WORKER_FILE = path.join(
  /* turbopackIgnore: true */ process.cwd(),
  'dist',
  'workers',
  'sanitize-html.mjs',
);
export const sanitizeBudgetMs = () => env.MAIL_RENDER_BUDGET_MS;
const WORKER_HEAP_MB = 512;
const WORKER_NICE = 10;

export type SanitizeOutcome = WorkerOutcome | { kind: 'over-budget' } | { kind: 'failed'; error: unknown };

function pool(): Piscina<RenderInput, WorkerOutcome> {
  return processSingleton('sanitizePool', () => {
    if (!existsSync(SANITIZE_WORKER_FILE)) {
      throw new Error(
        `The mail sanitizer's worker is missing at ${SANITIZE_WORKER_FILE}. ` +
          'Run `npm run build:workers` (part of `npm install` and `npm run build`) in the app directory.',
      );
    }
    const threads = Math.max(1, availableParallelism() - 1);
    return new Piscina<RenderInput, WorkerOutcome>({
      filename: SANITIZE_WORKER_FILE,
      minThreads: threads,
      maxThreads: threads,
      // Threads stay warm (jsdom takes a while to load); idle ones do not keep the process alive.
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 64 },
      // Below the event loop in the scheduler (Linux applies nice per thread): where cores are few,
      // answering requests comes before sanitizing.
      niceIncrement: WORKER_NICE,
    });
  });
}

/** Renders `input` on a worker within `budgetMs`; never throws. */
export async function renderOffThread(input: RenderInput, budgetMs: number): Promise<SanitizeOutcome> {
  const signal = AbortSignal.timeout(budgetMs);
  try {
    return await pool().run(input, { signal });
  } catch (error) {
    if (signal.aborted) return { kind: 'over-budget' };
    return { kind: 'failed', error };
  }
}
