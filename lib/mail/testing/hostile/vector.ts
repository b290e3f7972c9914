/*
 * The shape of the hostile-content corpus. Vectors are written against two placeholders so every surface
 * test can point them at its own observer: PWN stands for a script call the test can see, LISTENER for the
 * host of a server that records requests.
 */

/** Script body of every vector that would run script if a sanitizer let it through. */
export const PWN = '__PWN__';
/** Host (and port) of every remote request a vector tries to make; paths start with the vector id. */
export const LISTENER = '__LISTENER__';

/** What a vector tries to achieve, i.e. what a surface test should watch for. */
export type HostileAttempt = 'script' | 'fetch' | 'navigate' | 'css-leak' | 'spoof';

export const HOSTILE_FAMILIES = [
  'script',
  'event-handler',
  'url-scheme',
  'encoding',
  'navigation',
  'remote-fetch',
  'css-fetch',
  'css-leak',
  'svg-mathml',
  'mutation',
  'dom-clobbering',
  'spoof',
] as const;

export type HostileFamily = (typeof HOSTILE_FAMILIES)[number];

export interface HostileVector {
  /** `<family>-<two-digit number>`, stable: tests and listener paths refer to it. */
  readonly id: string;
  readonly family: HostileFamily;
  readonly attempts: HostileAttempt;
  readonly description: string;
  /** An HTML fragment (sometimes a whole document) with PWN and LISTENER placeholders. */
  readonly html: string;
}

/** Vectors of one family, written without repeating the family on each. */
export function family(
  name: HostileFamily,
  vectors: readonly Omit<HostileVector, 'family'>[],
): readonly HostileVector[] {
  return vectors.map((vector) => ({ ...vector, family: name }));
}
