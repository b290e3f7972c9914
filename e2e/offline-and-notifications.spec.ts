import { expect, type Page, test } from '@playwright/test';
import { APP_URL, EMULATOR_URL } from './env';
import { emulatorControl, signIn } from './helpers';

/* Graph unreachable, and the subscription sign-in makes — through the real sign-in against the emulator. */

async function openInbox(page: Page, user: string) {
  await signIn(page, user);
  await expect(page).toHaveURL(/\/mail/);
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 30_000,
  });
}

test('signing in subscribes to the person’s mail changes at both webhook URLs', async ({ page }) => {
  const { users } = (await emulatorControl('/users')) as {
    users: { id: string; userPrincipalName: string }[];
  };
  const alex = users.find((u) => u.userPrincipalName === 'alex@contoso.test');
  await openInbox(page, 'alex');
  await expect
    .poll(async () => {
      const { value } = (await emulatorControl('/subscriptions')) as {
        value: {
          userId: string;
          notificationUrl: string;
          lifecycleNotificationUrl: string;
          resource: string;
        }[];
      };
      return value
        .filter((s) => s.userId === alex?.id)
        .map((s) => [s.notificationUrl, s.lifecycleNotificationUrl]);
    })
    .toEqual([[`${APP_URL}/api/graph/notifications`, `${APP_URL}/api/graph/lifecycle`]]);
});

const outages = [
  {
    name: 'stopped (connections dropped)',
    begin: () => emulatorControl('/outage', { down: true }),
    end: () => emulatorControl('/outage', { down: false }),
  },
  {
    name: 'answering 503 to every call',
    begin: () =>
      emulatorControl('/faults', { kind: 'status', status: 503, retryAfterSeconds: 0, count: 10_000 }),
    end: () => fetch(`${EMULATOR_URL}/_emulator/faults`, { method: 'DELETE' }),
  },
];

for (const outage of outages) {
  test(`with Microsoft 365 ${outage.name}, cached mail stays readable and a banner says so`, async ({
    page,
  }) => {
    await openInbox(page, 'megan');
    const first = page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first();
    await first.click();
    await expect(page.locator('iframe[title^="Message body"]').first()).toBeVisible();
    // Opening it marked it read; the row's text (sender, time, subject, preview) is what must survive.
    await expect(first).not.toContainText(/Unread$/);
    const subject = (await first.textContent()) ?? '';

    await outage.begin();
    try {
      await page.reload();
      await expect(page.getByText(/Microsoft 365 can.t be reached/)).toBeVisible({ timeout: 15_000 });
      const again = page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first();
      await expect(again).toBeVisible();
      expect((await again.textContent()) ?? '').toBe(subject);
      await again.click();
      await expect(page.locator('iframe[title^="Message body"]').first()).toBeVisible();
      // Still signed in: an unreachable Microsoft is not a revoked sign-in.
      await expect(page.getByText(/Sign in again/)).toHaveCount(0);
    } finally {
      await outage.end();
    }
  });
}
