import { expect, test } from '@playwright/test';
import { APP_URL } from './env';
import { emulatorControl, signIn } from './helpers';

test.describe('sign-in with Microsoft', () => {
  test('a signed-out visit to a mail page goes to sign-in and comes back after it @phone', async ({
    page,
  }) => {
    await page.goto('/mail?view=unread');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fmail%3Fview%3Dunread$/);
    await expect(page.getByRole('heading', { name: 'Tidings' })).toBeVisible();

    await signIn(page, 'adele', { startAt: '' });
    await expect(page).toHaveURL(`${APP_URL}/mail?view=unread`);
    await expect(page.getByTestId('signed-in-user')).toHaveText('Adele Vance');
    // The page read the profile from Graph with the stored (encrypted) token.
    await expect(page.getByTestId('mailbox-address')).toContainText('adele@contoso.test');
  });

  test('sign-out ends the session', async ({ page }) => {
    await signIn(page, 'alex');
    await expect(page.getByTestId('signed-in-user')).toHaveText('Alex Wilber');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByText('You have signed out.')).toBeVisible();
    await page.goto('/mail');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fmail$/);
  });

  test('a tampered or foreign session cookie gets the sign-in page', async ({ page, context }) => {
    for (const value of ['tampered', 'f0f0f0f0-aaaa-bbbb-cccc-000000000000']) {
      await context.clearCookies();
      await context.addCookies([{ name: 'next-auth.session-token', value, url: APP_URL }]);
      await page.goto('/mail');
      await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Fmail$/);
    }
  });

  test('the API refuses a signed-out caller with 401 and a clear message', async ({ request }) => {
    const response = await request.get('/api/me');
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: 'unauthenticated', message: 'Sign in with Microsoft to continue.' },
    });
  });

  test('when the tenant demands admin consent, the sign-in page explains it and links to it', async ({
    page,
  }) => {
    await emulatorControl('/identity/consent', { required: true });
    try {
      await page.goto('/signin');
      await page.getByRole('button', { name: 'Sign in with Microsoft' }).click();
      await expect(
        page.getByRole('heading', { name: 'Your organisation needs to approve Tidings' }),
      ).toBeVisible();
      const link = page.getByRole('link', { name: 'Admin consent for Tidings' });
      await expect(link).toHaveAttribute('href', /\/v2\.0\/adminconsent\?client_id=tidings-local&scope=/);
    } finally {
      await emulatorControl('/identity/consent', { required: false });
    }
  });

  test('a revoked Microsoft sign-in shows "Sign in again", and signing in again restores the mailbox', async ({
    page,
  }) => {
    await signIn(page, 'megan');
    await expect(page.getByTestId('mailbox-address')).toContainText('megan@contoso.test');

    // Like a password change: the refresh token stops working; the short-lived access token expires.
    await emulatorControl('/users/megan/revoke-sessions', {});
    await page.goto('/mail');
    const banner = page
      .getByRole('alert')
      .filter({ hasText: 'Your Microsoft sign-in has expired or was revoked' });
    await expect(banner).toBeVisible();

    await banner.getByRole('link', { name: 'Sign in again' }).click();
    await signIn(page, 'megan', { startAt: '' });
    await expect(page).toHaveURL(`${APP_URL}/mail`);
    await expect(page.getByTestId('mailbox-address')).toContainText('megan@contoso.test');
    await expect(banner).toHaveCount(0);
  });
});
