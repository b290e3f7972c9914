import { expect, type Page, test } from '@playwright/test';
import { EMULATOR_URL } from './env';
import { emulatorControl, signIn } from './helpers';

/*
 * Search with Outlook's operators, through the real sign-in, in Chromium. The test delivers its own
 * three mails, all carrying one token no seeded mail has, so each search can be checked for exactly the
 * messages it should find and none else.
 */

test.describe.configure({ timeout: 180_000 });

const token = `qz${Date.now().toString(36)}`;
const mails = {
  alpha: {
    from: 'megan@contoso.test',
    fromName: 'Megan Bowen',
    subject: `${token} alpha report`,
    body: 'Nothing else here.',
  },
  beta: {
    from: 'alex@contoso.test',
    fromName: 'Alex Wilber',
    subject: `${token} beta`,
    body: `The word zeta${token} appears only in this body.`,
    attachments: [
      {
        name: 'numbers.csv',
        contentType: 'text/csv',
        contentBase64: Buffer.from('a,b\n1,2\n').toString('base64'),
      },
    ],
  },
  gamma: {
    from: 'megan@contoso.test',
    fromName: 'Megan Bowen',
    subject: `${token} gamma`,
    body: 'Plans for next quarter.',
  },
};
type Name = keyof typeof mails;

async function graph(method: string, path: string, body?: unknown) {
  const { access_token } = (await emulatorControl('/tokens', { user: 'adele' })) as { access_token: string };
  const response = await fetch(`${EMULATOR_URL}/v1.0${path}`, {
    method,
    headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

async function results(page: Page, query: string): Promise<string[]> {
  const box = page.getByRole('searchbox', { name: 'Search mail' });
  await box.fill(query);
  // Settled: Microsoft 365's answer is in (the count replaces "Searching Microsoft 365…").
  await expect(page.getByText(/^\d+ found$/)).toBeVisible({ timeout: 30_000 });
  const list = page.getByRole('listbox', { name: /Search results/ });
  const texts = await list
    .getByRole('option')
    .allInnerTexts()
    .catch(() => [] as string[]);
  return (Object.keys(mails) as Name[])
    .filter((name) => texts.some((t) => t.includes(mails[name].subject)))
    .sort();
}

test('each search operator finds exactly the messages it should, a word only in a body included', async ({
  page,
}) => {
  const ids = {} as Record<Name, string>;
  for (const name of Object.keys(mails) as Name[]) {
    const { id } = (await emulatorControl('/mail', { to: 'adele@contoso.test', ...mails[name] })) as {
      id: string;
    };
    ids[name] = id;
  }
  // Alpha read, gamma flagged and archived, as another device would have done.
  await graph('PATCH', `/me/messages/${ids.alpha}`, { isRead: true });
  await graph('PATCH', `/me/messages/${ids.gamma}`, { flag: { flagStatus: 'flagged' } });
  const moved = (await graph('POST', `/me/messages/${ids.gamma}/move`, { destinationId: 'archive' })) as {
    id: string;
  };
  ids.gamma = moved.id;

  await signIn(page, 'adele');
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 60_000,
  });

  expect(await results(page, token)).toEqual(['alpha', 'beta', 'gamma']);
  expect(await results(page, `${token} from:megan`)).toEqual(['alpha', 'gamma']);
  expect(await results(page, `${token} from:"Alex Wilber"`)).toEqual(['beta']);
  expect(await results(page, `subject:"${token} alpha"`)).toEqual(['alpha']);
  expect(await results(page, `${token} has:attachment`)).toEqual(['beta']);
  expect(await results(page, `${token} is:unread`)).toEqual(['beta', 'gamma']);
  expect(await results(page, `${token} is:read`)).toEqual(['alpha']);
  expect(await results(page, `${token} is:flagged`)).toEqual(['gamma']);
  expect(await results(page, `${token} in:archive`)).toEqual(['gamma']);
  expect(await results(page, `${token} to:adele`)).toEqual(['alpha', 'beta', 'gamma']);
  expect(await results(page, `${token} "next quarter"`)).toEqual(['gamma']);
  expect(await results(page, `${token} after:2000-01-01`)).toEqual(['alpha', 'beta', 'gamma']);
  expect(await results(page, `${token} before:2000-01-01`)).toEqual([]);
  // A word that is only in a body (never opened here): Microsoft 365's search finds it.
  expect(await results(page, `zeta${token}`)).toEqual(['beta']);

  // What it cannot read is said, not silently dropped.
  await page.getByRole('searchbox', { name: 'Search mail' }).fill(`${token} has:pdf`);
  await expect(
    page.getByRole('status').filter({ hasText: '“has:pdf” isn’t a search Tidings knows' }),
  ).toBeVisible({
    timeout: 30_000,
  });
});

test('results go past 25 as the list scrolls, and the Unread chip narrows them', async ({ page }) => {
  const many = `mz${Date.now().toString(36)}`;
  const ids: string[] = [];
  for (let n = 1; n <= 32; n += 1) {
    const { id } = (await emulatorControl('/mail', {
      to: 'adele@contoso.test',
      from: 'lynne@contoso.test',
      fromName: 'Lynne Robbins',
      subject: `${many} weekly report ${n}`,
      body: 'Figures attached.',
    })) as { id: string };
    ids.push(id);
  }
  // Six read on another device: 26 stay unread, one more than a page.
  for (const id of ids.slice(0, 6)) await graph('PATCH', `/me/messages/${id}`, { isRead: true });

  await signIn(page, 'adele');
  await expect(page.getByRole('listbox', { name: 'Inbox' }).getByRole('option').first()).toBeVisible({
    timeout: 60_000,
  });
  const box = page.getByRole('searchbox', { name: 'Search mail' });
  const list = page.getByRole('listbox', { name: /Search results/ });
  /** Scrolls the results to their end until the count says `expected`; the oldest shows last. */
  const scrollToEnd = async (expected: RegExp) => {
    await expect(async () => {
      await list.evaluate((el) => el.parentElement?.scrollTo(0, el.parentElement.scrollHeight));
      await expect(page.getByText(expected)).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
  };

  await box.fill(many);
  await scrollToEnd(/^32 found$/);
  await expect(
    list.getByRole('option').filter({ hasText: new RegExp(`${many} weekly report 1(?!\\d)`) }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Unread', exact: true }).click();
  await expect(box).toHaveValue(`${many} is:unread`);
  await expect(page.getByRole('button', { name: 'Unread', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await scrollToEnd(/^26 found$/);
  await expect(
    list.getByRole('option').filter({ hasText: new RegExp(`${many} weekly report 7(?!\\d)`) }),
  ).toBeVisible();
  await expect(
    list.getByRole('option').filter({ hasText: new RegExp(`${many} weekly report 6(?!\\d)`) }),
  ).toHaveCount(0);

  await page.getByRole('button', { name: 'Unread', exact: true }).click();
  await expect(box).toHaveValue(many);
  await scrollToEnd(/^32 found$/);
});
