import path from 'node:path';

/*
 * Validate the environment and bring the embedded database up to date. Anything wrong here (a malformed
 * DATABASE_URL, a database that cannot be opened) stops the process with a message saying what to fix,
 * instead of failing on the first request.
 */
export async function startServer(): Promise<void> {
  try {
    // Webhook answers are timed from their arrival at Node's HTTP server, not from the handler's start.
    const { installAnswerTiming } = await import('./lib/notifications/answer-timing');
    installAnswerTiming();
    const { prepareDatabase } = await import('./lib/database/prepare');
    // The embedded database moves to a thread of its own, off the event loop that answers requests.
    await prepareDatabase({ thread: true });
    // jsdom (the server's DOM for sanitizing mail and editable HTML) holds the event loop for about a
    // second while it loads: loaded here, before the server answers anyone, not on a person's first request.
    await import('jsdom');
    // The pages' server-rendering code is compiled now too, not on the first sign-in (server-warmup.ts).
    if (process.env.NODE_ENV === 'production') {
      const { warmPageChunks } = await import('./lib/server-warmup');
      await warmPageChunks(
        path.join(/* turbopackIgnore: true */ process.cwd(), process.env.NEXT_DIST_DIR || '.next'),
      );
    }
    const { env } = await import('./lib/env');
    if (env.NOTIFICATIONS_SCHEDULER === 'on') {
      // Processing, syncs, the sweeper and maintenance run on the background worker thread.
      const { startBackgroundWorker } = await import('./lib/background');
      startBackgroundWorker();
    }
    // Once the database is ready, webhooks are answered at the HTTP server, before Next's router.
    const { answerWebhookDirectly } = await import('./lib/notifications/direct-answer');
    installAnswerTiming({ answer: answerWebhookDirectly });
  } catch (error) {
    console.error(`Tidings cannot start.\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
