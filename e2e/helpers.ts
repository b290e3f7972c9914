import { expect, type Page } from '@playwright/test';
import { EMULATOR_URL, PUSHER_URL } from './env';

export const PASSWORDS: Record<string, string> = {
  adele: 'Adele-demo-1',
  alex: 'Alex-demo-1',
  megan: 'Megan-demo-1',
};

/** Signs in through the emulator's real authorization-code flow, starting from Tidings' sign-in page. */
export async function signIn(page: Page, alias: string, { startAt = '/signin' } = {}) {
  if (startAt) await page.goto(startAt);
  await page.getByRole('button', { name: /Sign in (again )?with Microsoft/ }).click();
  await expect(page.getByLabel('Email or username')).toBeVisible();
  await page.getByLabel('Email or username').fill(`${alias}@contoso.test`);
  await page.getByLabel('Password').fill(PASSWORDS[alias] ?? '');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Calls the emulator's control API. */
export async function emulatorControl(path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${EMULATOR_URL}/_emulator${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`emulator control ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.status === 204 ? undefined : response.json();
}

/** The local Pusher server's outage switch: stop() drops every socket and refuses new ones until start(). */
export const pusherServer = {
  stop: () =>
    fetch(`${PUSHER_URL}/_control/outage`, { method: 'POST', body: JSON.stringify({ down: true }) }),
  start: () =>
    fetch(`${PUSHER_URL}/_control/outage`, { method: 'POST', body: JSON.stringify({ down: false }) }),
};
