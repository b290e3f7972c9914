/*
 * Deliver mail into a running emulator, as if it arrived from outside:
 *   npm run emulator:mail -- --to adele --from news@fabrikam.test --subject "Hi" [--body text] [--html]
 *                            [--attach ./file.pdf ...] [--count 20] [--emulator http://127.0.0.1:4000]
 * The emulator's address: --emulator, else EMULATOR_URL, else 127.0.0.1 on EMULATOR_PORT (default 4000),
 * the same variable `npm run emulator` and `npm run demo` take.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_EMULATOR_PORT } from '../config';
import type { DeliverMailInput } from '../control/routes';

const CONTENT_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.txt': 'text/plain',
  '.html': 'text/html',
  '.zip': 'application/zip',
};

const usage =
  'Usage: npm run emulator:mail -- --to <user> --from <address> [--subject <text>] [--body <text>] [--html] [--attach <file>]... [--count <n>] [--emulator <url>]';

function defaultEmulatorUrl(): string {
  if (process.env.EMULATOR_URL) return process.env.EMULATOR_URL;
  return `http://127.0.0.1:${process.env.EMULATOR_PORT || DEFAULT_EMULATOR_PORT}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      to: { type: 'string' },
      from: { type: 'string', default: 'news@fabrikam.test' },
      'from-name': { type: 'string' },
      subject: { type: 'string', default: 'Hello from the emulator' },
      body: { type: 'string', default: 'This mail was delivered by npm run emulator:mail.' },
      html: { type: 'boolean', default: false },
      attach: { type: 'string', multiple: true, default: [] },
      count: { type: 'string', default: '1' },
      conversation: { type: 'string' },
      emulator: { type: 'string', default: defaultEmulatorUrl() },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return 0;
  }
  if (!values.to) {
    console.error(`--to is required (a seeded user: adele, alex or megan).\n${usage}`);
    return 2;
  }
  const count = Number(values.count);
  if (!Number.isInteger(count) || count < 1 || count > 10_000) {
    console.error('--count must be a whole number from 1 to 10000.');
    return 2;
  }
  const attachments = await Promise.all(
    values.attach.map(async (file) => ({
      name: path.basename(file),
      contentType: CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      contentBase64: (await readFile(file)).toString('base64'),
    })),
  );

  for (let i = 1; i <= count; i++) {
    const input: DeliverMailInput = {
      to: values.to,
      from: values.from,
      fromName: values['from-name'],
      subject: count > 1 ? `${values.subject} (${i} of ${count})` : values.subject,
      body: values.body,
      bodyType: values.html ? 'html' : 'text',
      conversationId: values.conversation,
      attachments,
    };
    const response = await fetch(`${values.emulator}/_emulator/mail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    }).catch((error: Error) => {
      throw new Error(
        `Could not reach the emulator at ${values.emulator} (${error.message}). Is npm run emulator running?`,
      );
    });
    const result = (await response.json()) as { id?: string; error?: { message: string } };
    if (!response.ok) {
      console.error(`The emulator refused the mail: ${result.error?.message ?? response.statusText}`);
      return 1;
    }
    console.log(`Delivered "${input.subject}" to ${values.to} (message ${result.id})`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
