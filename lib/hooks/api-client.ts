/** A failed API call, carrying the API's error code (see ApiErrorBody) and its sentence for people. */
export class ApiFetchError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFetchError';
  }
}

function isErrorBody(body: unknown): body is { error: { code: string; message: string } } {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/**
 * How long a call may take before it counts as the network's failure: on a network that connects but goes
 * nowhere, a request would otherwise hang, and everything waiting on it (the outbox, a fallback to the
 * offline mirror) with it.
 */
export const API_TIMEOUT_MS = 30_000;

/** Calls our API and returns its JSON, or throws ApiFetchError with the API's code and message. */
export async function apiRequest<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      signal: init?.signal ?? AbortSignal.timeout(API_TIMEOUT_MS),
      headers: init?.body ? { 'content-type': 'application/json', ...init.headers } : init?.headers,
    });
  } catch {
    // The browser is offline or our server is down: not Microsoft 365's fault, so say so.
    throw new ApiFetchError(0, 'network_error', 'Tidings can’t be reached. Check your connection.');
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(body)) throw new ApiFetchError(response.status, body.error.code, body.error.message);
    throw new ApiFetchError(response.status, 'http_error', `The server answered ${response.status}.`);
  }
  return body as T;
}

/** SWR's fetcher: keys are API URLs. */
export const fetcher = <T>(url: string): Promise<T> => apiRequest<T>(url);

export const sendJson = <T>(url: string, method: 'POST' | 'PATCH' | 'DELETE', body?: unknown) =>
  apiRequest<T>(url, { method, body: body === undefined ? undefined : JSON.stringify(body) });

/** Whether an error is the network's (offline, server unreachable, timed out) rather than an answer. */
export const isNetworkError = (error: unknown) => error instanceof ApiFetchError && error.status === 0;

/** The sentence to show a person for any error. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiFetchError) return error.message;
  return 'Something went wrong. Try again.';
}
