import { describe, expect, it } from 'vitest';
import { asGraphError } from './client';
import { errorCauses, GraphRequestError } from './errors';

describe('Graph errors keep what caused them', () => {
  it('a network failure says "not reachable" to people and keeps the reset for the logs', () => {
    const reset = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    const mapped = asGraphError(reset, 'user-1');
    expect(mapped).toBeInstanceOf(GraphRequestError);
    expect(mapped.message).toBe('Microsoft 365 is not reachable right now.');
    expect(mapped.cause).toBe(reset);
    expect(errorCauses(mapped)).toBe(
      'GraphRequestError: Microsoft 365 is not reachable right now. NetworkError <- TypeError: fetch failed <- Error: read ECONNRESET ECONNRESET',
    );
  });

  it('names a cause that is not an Error by its code', () => {
    expect(errorCauses(Object.assign(new Error('outer'), { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(
      'Error: outer <- UND_ERR_SOCKET',
    );
  });
});
