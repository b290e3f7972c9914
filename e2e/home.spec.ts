import { expect, test } from '@playwright/test';

test('the home page introduces Tidings @phone', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveTitle('Tidings');
  await expect(page.getByRole('heading', { level: 1, name: 'Tidings' })).toBeVisible();
  await expect(page.getByText('Mail from your Microsoft 365 mailbox')).toBeVisible();
});

test('the health check reports a reachable database', async ({ request }) => {
  const response = await request.get('/api/health');
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  expect(await response.json()).toMatchObject({ status: 'ok', database: { reachable: true } });
});
