/* Names shared by the service worker and the page (which clears the saved page on sign-out). */

/** The one page the app runs in; saved by the service worker for offline opens. */
export const APP_SHELL_URL = '/mail';
export const PAGES_CACHE = 'tidings-pages';
export const SHELL_CACHES = { icons: 'tidings-icons', static: 'tidings-static' } as const;
/** Caches that hold anything of the signed-in person (the saved page carries their name and address). */
export const PERSONAL_CACHES = [PAGES_CACHE];
