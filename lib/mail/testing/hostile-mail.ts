import { CSS_FETCH_VECTORS, CSS_LEAK_VECTORS } from './hostile/css';
import { REMOTE_FETCH_VECTORS } from './hostile/fetch';
import { DOM_CLOBBERING_VECTORS, SPOOF_VECTORS, SVG_MATHML_VECTORS } from './hostile/foreign';
import { ENCODING_VECTORS, MUTATION_VECTORS } from './hostile/parser';
import { EVENT_HANDLER_VECTORS, SCRIPT_VECTORS } from './hostile/script';
import { NAVIGATION_VECTORS, URL_SCHEME_VECTORS } from './hostile/url';
import { HOSTILE_FAMILIES, type HostileFamily, type HostileVector, LISTENER, PWN } from './hostile/vector';

/*
 * The hostile-content corpus: our own vectors, for every surface that shows mail HTML (reading pane,
 * quoted original, resumed draft, search, notifications). A data module with no server imports, so the
 * Playwright suite can use it as well as vitest.
 */

export type { HostileAttempt, HostileFamily, HostileVector } from './hostile/vector';
export { HOSTILE_FAMILIES } from './hostile/vector';

export const HOSTILE_VECTORS: readonly HostileVector[] = [
  ...SCRIPT_VECTORS,
  ...EVENT_HANDLER_VECTORS,
  ...URL_SCHEME_VECTORS,
  ...ENCODING_VECTORS,
  ...NAVIGATION_VECTORS,
  ...REMOTE_FETCH_VECTORS,
  ...CSS_FETCH_VECTORS,
  ...CSS_LEAK_VECTORS,
  ...SVG_MATHML_VECTORS,
  ...MUTATION_VECTORS,
  ...DOM_CLOBBERING_VECTORS,
  ...SPOOF_VECTORS,
];

export interface Observers {
  /** Where requests should go: `127.0.0.1:7777` or `http://127.0.0.1:7777`. Vectors keep their scheme. */
  listener: string;
  /**
   * A JavaScript expression the test can observe, e.g. `top.postMessage('pwn-'+id,'*')` written out per id.
   * It lands unquoted in attributes, inside URLs and inside template literals, so it may not contain
   * whitespace, double quotes, backticks, `$`, `<`, `>`, `&`, `#`, `%` or backslashes.
   */
  marker: (id: string) => string;
}

const UNSAFE_MARKER = /[\s"`$<>&#%\\]/;
const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function listenerHost(listener: string): string {
  const host = listener.includes('://') ? new URL(listener).host : listener;
  if (!HOST.test(host)) throw new Error(`listener must be a host[:port] or an http origin, got ${listener}`);
  return host;
}

/** The vector's HTML with the placeholders replaced by the test's listener host and marker call. */
export function instantiate(vector: HostileVector, observers: Observers): string {
  const host = listenerHost(observers.listener);
  const call = observers.marker(vector.id);
  if (!call || UNSAFE_MARKER.test(call)) {
    throw new Error(`marker for ${vector.id} would break some vectors' syntax: ${call}`);
  }
  // Function replacers: a string replacement would give `$&` and friends a meaning.
  return vector.html.replaceAll(LISTENER, () => host).replaceAll(PWN, () => call);
}

export interface HostileMail {
  family: HostileFamily;
  subject: string;
  /** HTML body: every vector of the family in order, each after a heading that names it. */
  html: string;
  vectorIds: string[];
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One mail per family, for end-to-end tests that open each mail on every surface. */
export function hostileMails(listener: string, marker: (id: string) => string): HostileMail[] {
  return HOSTILE_FAMILIES.map((name) => {
    const vectors = HOSTILE_VECTORS.filter((vector) => vector.family === name);
    const parts = vectors.map(
      (vector) =>
        `<hr><p>${vector.id}: ${escapeText(vector.description)}</p>\n${instantiate(vector, { listener, marker })}\n`,
    );
    return {
      family: name,
      subject: `[hostile corpus] ${name} (${vectors.length} vectors)`,
      html: `<p>Nothing in this mail may run script, load anything or navigate.</p>\n${parts.join('')}`,
      vectorIds: vectors.map((vector) => vector.id),
    };
  });
}
