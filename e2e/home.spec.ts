import { expect, test } from '@playwright/test';

test('the front door leads a signed-out visitor to sign-in @phone', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fmail$/);
  await expect(page).toHaveTitle('Sign in — Tidings');
  await expect(page.getByRole('heading', { level: 1, name: 'Tidings' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in with Microsoft' })).toBeVisible();
});

test('the public health check says only that the app is up', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  // Subscriptions, queue and webhook figures need the cron secret (app/api/health/route.test.ts).
  expect(await response.json()).toEqual({ status: 'ok' });
});
