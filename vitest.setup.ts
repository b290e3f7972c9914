/*
 * Defaults for every test process: an in-memory database unless the run names another (CI runs the suite
 * a second time with a postgres:// DATABASE_URL), and test values for the required app settings.
 */
process.env.DATABASE_URL ||= 'pglite:memory';
process.env.AZURE_AD_CLIENT_ID ||= 'tidings-local';
process.env.AZURE_AD_CLIENT_SECRET ||= 'tidings-local-secret';
process.env.TOKEN_ENCRYPTION_KEY ||= 'dGlkaW5ncy10ZXN0LWtleS0zMi1ieXRlcy1sb25nISE';
