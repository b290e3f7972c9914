import { describe, expect, it, vi } from 'vitest';
import { logger } from '../logger';
import { errorResponse, requestIdOf } from './handler';

describe('API errors on our side', () => {
  it('are logged with the request id, route, stack and causes, and the answer carries the id', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => {});
    const failure = new Error('cache write failed', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    const response = errorResponse(failure, { requestId: 'req-42', route: 'POST /api/drafts', userId: 'u1' });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('req-42');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('internal_error');
    expect(body.error.message).toContain('req-42');
    expect(logged).toHaveBeenCalledWith(
      'unhandled API error',
      expect.objectContaining({
        requestId: 'req-42',
        route: 'POST /api/drafts',
        userId: 'u1',
        stack: expect.stringContaining('cache write failed'),
        cause: expect.stringContaining('ECONNRESET'),
      }),
    );
    logged.mockRestore();
  });

  it('take the proxy’s request id when it is sane, and make one otherwise', () => {
    const withId = (id: string) => new Request('http://app/api/x', { headers: { 'x-request-id': id } });
    expect(requestIdOf(withId('abc-123'))).toBe('abc-123');
    expect(requestIdOf(withId('<script>'))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(new Request('http://app/api/x'))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
