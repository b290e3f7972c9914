/*
 * Validate the environment and bring the embedded database up to date. Anything wrong here (a malformed
 * DATABASE_URL, a database that cannot be opened) stops the process with a message saying what to fix,
 * instead of failing on the first request.
 */
export async function startServer(): Promise<void> {
  try {
    const { prepareDatabase } = await import('./lib/database/prepare');
    await prepareDatabase();
  } catch (error) {
    console.error(`Tidings cannot start.\n${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
