/**
 * Graph validates a webhook URL by POSTing `?validationToken=<token>`; we must answer 200, text/plain,
 * with the decoded token and nothing else, within 10 seconds. Never HTML: the token is attacker-chosen
 * text echoed back, so nosniff keeps a browser from ever rendering it.
 */
export function validationResponse(request: Request): Response | null {
  const token = new URL(request.url).searchParams.get('validationToken');
  if (token === null) return null;
  return new Response(token, {
    status: 200,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}
