import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { emulatorControl, signIn } from './helpers';
import { mailbox } from './mailbox';

/*
 * Meeting invitations through the real sign-in: an invitation from Megan opens with its card (time in the
 * reader's zone, place, join link, organizer, answer), Accept with a note reaches the event in Adele's
 * calendar on Microsoft 365 and Megan's Inbox; a cancellation shows as cancelled with nothing to answer; an
 * answer Microsoft 365 refuses goes back, with the reason said; the card fits a phone and both themes.
 */

test.describe.configure({ timeout: 180_000 });
// The card shows times in the reader's zone: a browser in New York, so 15:00 UTC reads 10:00 AM.
test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

const token = `mtg${Date.now().toString(36)}`;

interface Delivery {
  user: string;
  eventId: string | null;
  messageId: string | null;
}

interface CalendarEvent {
  id: string;
  iCalUId: string;
  isCancelled: boolean;
  responseStatus: { response: string; time: string };
}

async function invite(subject: string, extra: Record<string, unknown> = {}) {
  const sent = (await emulatorControl('/meetings', {
    organizer: 'megan@contoso.test',
    to: 'adele@contoso.test',
    subject,
    body: 'Walk through the launch plan.',
    start: '2027-01-14T15:00:00Z',
    end: '2027-01-14T16:00:00Z',
    timeZone: 'Europe/London',
    location: 'Room 4',
    onlineMeeting: true,
    ...extra,
  })) as { iCalUId: string; deliveries: Delivery[] };
  return { iCalUId: sent.iCalUId, eventId: sent.deliveries[0]?.eventId ?? '' };
}

const cancel = (iCalUId: string) =>
  emulatorControl(`/meetings/${iCalUId}/cancel`, { comment: 'Plans changed.' });

async function eventOf(user: string, eventId: string) {
  const { events } = (await emulatorControl(`/events/${user}`)) as { events: CalendarEvent[] };
  return events.find((e) => e.id === eventId);
}

const inboxRows = (page: Page) => page.getByRole('listbox', { name: 'Inbox' }).getByRole('option');
const row = (page: Page, subject: string) => inboxRows(page).filter({ hasText: subject });
const reading = (page: Page) => page.getByRole('region', { name: 'Reading pane' });
const card = (page: Page, title: string | RegExp) => reading(page).getByRole('region', { name: title });

async function open(page: Page, subject: string) {
  await page.goto('/mail');
  await expect(row(page, subject).first()).toBeVisible({ timeout: 30_000 });
  await row(page, subject).first().click();
}

async function expectNoAxeViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).include('[data-meeting-kind]').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
    [],
  );
}

test('accepting an invitation with a note sets the response on the event and tells the organizer', async ({
  page,
}) => {
  const subject = `${token} Launch review`;
  const { eventId } = await invite(subject);
  await signIn(page, 'adele');
  await expect(page).toHaveURL(/\/mail/);
  await open(page, subject);

  const meeting = card(page, subject);
  await expect(meeting).toBeVisible({ timeout: 30_000 });
  await expect(meeting).toContainText('Meeting invitation');
  await expect(meeting).toContainText(/Thu, Jan 14, 2027, 10:00\s–\s11:00\sAM \(America\/New_York\)/);
  await expect(meeting).toContainText('Room 4');
  await expect(meeting).toContainText('Megan Bowen');
  const join = meeting.getByRole('link', { name: /Join online/ });
  await expect(join).toHaveAttribute('href', /^https:\/\/teams\.microsoft\.com\/l\/meetup-join\//);
  await expect(join).toHaveAttribute('target', '_blank');
  await expect(join).toHaveAttribute('rel', 'noopener noreferrer');
  const response = meeting.locator('dd[data-response]');
  await expect(response).toHaveText('Not answered yet');
  await expectNoAxeViolations(page);

  await meeting.getByRole('button', { name: 'Add a note' }).click();
  await expect(meeting.getByRole('button', { name: 'Add a note' })).toHaveAttribute('aria-expanded', 'true');
  await meeting.getByLabel('Note to the organizer (sent with your answer)').fill('Count me in.');
  await expectNoAxeViolations(page);
  await meeting.getByRole('button', { name: 'Accept', exact: true }).click();
  await expect(response).toHaveText('Accepted');
  await expect(meeting.getByRole('button', { name: 'Accept', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  // On Microsoft 365: the event in Adele's calendar holds the answer, and Megan got it with the note.
  await expect.poll(async () => (await eventOf('adele', eventId))?.responseStatus.response).toBe('accepted');
  await expect
    .poll(async () => (await mailbox('megan')).messages.some((m) => m.subject === `Accepted: ${subject}`))
    .toBe(true);

  // Read again from Microsoft 365, the card still says so.
  await page.reload();
  await expect(card(page, subject).locator('dd[data-response]')).toHaveText('Accepted', { timeout: 30_000 });
  await expect(card(page, subject).getByRole('alert')).toHaveCount(0);
});

test('a cancellation shows as cancelled, with no answer to give', async ({ page }) => {
  const subject = `${token} Offsite`;
  const { iCalUId, eventId } = await invite(subject);
  await cancel(iCalUId);
  await signIn(page, 'adele');
  await expect(page).toHaveURL(/\/mail/);
  await open(page, `Canceled: ${subject}`);

  const meeting = card(page, new RegExp(subject));
  await expect(meeting).toBeVisible({ timeout: 30_000 });
  await expect(meeting).toContainText('Meeting cancelled');
  await expect(meeting).toContainText('Cancelled: this meeting was cancelled by Megan Bowen.');
  await expect(meeting).toContainText(/Thu, Jan 14, 2027, 10:00\s–\s11:00\sAM/);
  await expect(meeting.getByRole('button', { name: /Accept|Tentative|Decline/ })).toHaveCount(0);
  await expect(meeting.getByRole('button', { name: 'Add a note' })).toHaveCount(0);
  expect((await eventOf('adele', eventId))?.isCancelled).toBe(true);
  await expectNoAxeViolations(page);
});

test('an answer Microsoft 365 refuses goes back and says why, and goes through when tried again', async ({
  page,
}) => {
  const subject = `${token} Budget sync`;
  const { eventId } = await invite(subject, { onlineMeeting: false });
  await signIn(page, 'adele');
  await expect(page).toHaveURL(/\/mail/);
  await open(page, subject);
  const meeting = card(page, subject);
  const decline = meeting.getByRole('button', { name: 'Decline', exact: true });
  await expect(decline).toBeVisible({ timeout: 30_000 });
  await expect(meeting.getByRole('link', { name: /Join online/ })).toHaveCount(0);

  // Microsoft 365 fails the next decline of Adele's.
  await emulatorControl('/faults', {
    kind: 'status',
    status: 500,
    count: 1,
    user: 'adele',
    pathPattern: '/decline',
  });
  await decline.click();
  await expect(meeting.getByRole('alert')).toHaveText(
    'Your answer wasn’t sent: Microsoft 365 is not reachable right now.',
  );
  await expect(meeting.locator('dd[data-response]')).toHaveText('Not answered yet');
  await expect(decline).toHaveAttribute('aria-pressed', 'false');
  expect((await eventOf('adele', eventId))?.responseStatus.response).toBe('notResponded');

  await decline.click();
  await expect(meeting.locator('dd[data-response]')).toHaveText('Declined');
  await expect(meeting.getByRole('alert')).toHaveCount(0);
  await expect.poll(async () => (await eventOf('adele', eventId))?.responseStatus.response).toBe('declined');
});

test('the card fits a phone and both themes; a phone answers Tentative @phone', async ({ page }, info) => {
  const subject = `${token} Design critique`;
  const { eventId } = await invite(subject, {
    location: 'Building 7, third floor, the long room at the end of the corridor past the kitchen',
  });
  await signIn(page, 'adele');
  await expect(page).toHaveURL(/\/mail/);
  const sizes =
    info.project.name === 'phone'
      ? ([[390, 844]] as const)
      : ([
          [1440, 900],
          [390, 844],
        ] as const);
  for (const [width, height] of sizes) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await open(page, subject);
      const meeting = card(page, subject);
      await expect(meeting.getByRole('button', { name: 'Tentative', exact: true })).toBeVisible({
        timeout: 30_000,
      });
      const box = await meeting.boundingBox();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
      for (const name of ['Accept', 'Tentative', 'Decline']) {
        const button = await meeting.getByRole('button', { name, exact: true }).boundingBox();
        expect((button?.x ?? 0) + (button?.width ?? 0)).toBeLessThanOrEqual(width);
        expect(button?.height ?? 0).toBeGreaterThanOrEqual(30);
      }
      await meeting.screenshot({ path: info.outputPath(`meeting-card-${width}-${scheme}.png`) });
      await page.screenshot({ path: info.outputPath(`meeting-${width}-${scheme}.png`) });
    }
  }
  const meeting = card(page, subject);
  await meeting.getByRole('button', { name: 'Tentative', exact: true }).click();
  await expect(meeting.locator('dd[data-response]')).toHaveText('Tentatively accepted');
  await expect
    .poll(async () => (await eventOf('adele', eventId))?.responseStatus.response)
    .toBe('tentativelyAccepted');
});
