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
