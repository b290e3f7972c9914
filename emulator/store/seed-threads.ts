import { tinyPdf, tinyPng } from './seed-files';
import { EXTERNAL_PEOPLE, escapeHtml, firstName, type SeedAttachment, type SeedMail } from './seed-mail';
import type { SeededRandom } from './seed-random';
import type { Recipient } from './types';

/*
 * Conversations: several messages sharing a conversationId with "RE:" subjects. Threads between seeded
 * users exist in every participant's mailbox (the sender's copy in Sent Items, the recipients' in Inbox),
 * as they would in one Exchange tenant.
 */

interface Step {
  from: string;
  to: string[];
  cc?: string[];
  lines: string[];
  attachment?: () => SeedAttachment;
}

interface ThreadSpec {
  key: string;
  subject: string;
  steps: Step[];
}

const INTERNAL_THREADS: readonly ThreadSpec[] = [
  {
    key: 'launch-timeline',
    subject: 'Contoso Launch: store display timeline',
    steps: [
      {
        from: 'adele',
        to: ['alex'],
        lines: [
          'Can you confirm when the display fixtures arrive at the pilot stores?',
          'I need the dates to plan staffing.',
        ],
      },
      {
        from: 'alex',
        to: ['adele'],
        lines: ['Fixtures ship on the 14th and should be in all three stores by the 17th.'],
      },
      {
        from: 'adele',
        to: ['alex'],
        lines: ['Perfect, thanks. I will book the install crews for the 18th.'],
      },
    ],
  },
  {
    key: 'q3-budget',
    subject: 'Q3 marketing budget review',
    steps: [
      {
        from: 'megan',
        to: ['adele', 'alex'],
        cc: ['lynne.robbins@contoso.test'],
        lines: ['Attached is the draft Q3 budget. Please send comments by Thursday.'],
        attachment: () => ({
          name: 'Q3-budget-draft.pdf',
          contentType: 'application/pdf',
          bytes: tinyPdf('Q3 marketing budget (draft)', [
            'Events: $42,000',
            'Digital: $65,000',
            'Print: $18,000',
          ]),
        }),
      },
      {
        from: 'alex',
        to: ['megan', 'adele'],
        cc: ['lynne.robbins@contoso.test'],
        lines: ['Looks good. I would move 5k from print to digital given the last campaign results.'],
      },
      {
        from: 'adele',
        to: ['megan', 'alex'],
        cc: ['lynne.robbins@contoso.test'],
        lines: ['Agree with Alex. Retail also needs a small line for in-store signage.'],
      },
      {
        from: 'megan',
        to: ['adele', 'alex'],
        cc: ['lynne.robbins@contoso.test'],
        lines: ['Thanks both, I have updated the sheet and will present it on Monday.'],
      },
    ],
  },
  {
    key: 'trade-show-photos',
    subject: 'Photos from the Northwind trade show',
    steps: [
      {
        from: 'alex',
        to: ['megan'],
        lines: ['A few shots of our booth, the blue banner worked really well.'],
        attachment: () => ({ name: 'booth.png', contentType: 'image/png', bytes: tinyPng([0, 90, 200], 40) }),
      },
      { from: 'megan', to: ['alex'], lines: ['Great photos! Can we use the first one for the newsletter?'] },
    ],
  },
  {
    key: 'launch-staffing',
    subject: 'Retail staffing for the launch weekend',
    steps: [
      {
        from: 'adele',
        to: ['megan'],
        cc: ['alex'],
        lines: ['We will need four extra people per store on launch Saturday. Can marketing lend two?'],
      },
      {
        from: 'megan',
        to: ['adele'],
        cc: ['alex'],
        lines: ['Yes, Alex and Joni can cover the downtown store.'],
      },
    ],
  },
];

const EXTERNAL_TOPICS = [
  'Delivery schedule for next month',
  'Meeting notes and next steps',
  'Question about the renewal terms',
  'Samples for the spring range',
];

function externalThreads(rng: SeededRandom, alias: string): ThreadSpec[] {
  return rng.sample(EXTERNAL_PEOPLE, 3).map((person, i) => ({
    key: `ext-${alias}-${i}`,
    subject: `${EXTERNAL_TOPICS[i % EXTERNAL_TOPICS.length] ?? 'Follow-up'} (${person.company})`,
    steps: [
      {
        from: person.address,
        to: [alias],
        lines: [`Following up on our call, here is where ${person.company} stands.`],
      },
      {
        from: alias,
        to: [person.address],
        lines: ['Thanks, that works for us. Could you send the paperwork?'],
      },
      { from: person.address, to: [alias], lines: ['Sure, I will send it by the end of the week.'] },
    ],
  }));
}

export interface ThreadContext {
  rng: SeededRandom;
  now: number;
  /** Seeded users by alias. */
  users: ReadonlyMap<string, Recipient>;
}

function resolve(ctx: ThreadContext, who: string): Recipient {
  const user = ctx.users.get(who);
  if (user) return user;
  const person = EXTERNAL_PEOPLE.find((p) => p.address === who);
  const name = person?.name ?? who.split('@')[0] ?? who;
  return { emailAddress: { name, address: who } };
}

function quote(from: Recipient, to: Recipient[], sent: Date, subject: string, html: string): string {
  const list = (rs: Recipient[]) => rs.map((r) => escapeHtml(r.emailAddress.name)).join('; ');
  return (
    '<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg"><b>From:</b> ' +
    `${escapeHtml(from.emailAddress.name)} &lt;${escapeHtml(from.emailAddress.address)}&gt;<br><b>Sent:</b> ${sent.toUTCString()}` +
    `<br><b>To:</b> ${list(to)}<br><b>Subject:</b> ${escapeHtml(subject)}</div><div>${html}</div>`
  );
}

function threadMails(ctx: ThreadContext, spec: ThreadSpec): Map<string, SeedMail[]> {
  const byAlias = new Map<string, SeedMail[]>();
  let age = ctx.rng.int(3 * 1440, 50 * 1440);
  let previous: { from: Recipient; to: Recipient[]; sent: Date; subject: string; html: string } | undefined;
  spec.steps.forEach((step, depth) => {
    age = Math.max(5, age - ctx.rng.int(30, 900));
    const from = resolve(ctx, step.from);
    const to = step.to.map((w) => resolve(ctx, w));
    const cc = (step.cc ?? []).map((w) => resolve(ctx, w));
    const subject = depth === 0 ? spec.subject : `RE: ${spec.subject}`;
    const own = `<p>Hi ${escapeHtml(firstName(to[0] ?? from))},</p>${step.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}<p>${escapeHtml(firstName(from))}</p>`;
    const html = previous
      ? own + quote(previous.from, previous.to, previous.sent, previous.subject, previous.html)
      : own;
    const attachment = step.attachment?.();
    const base = {
      subject,
      from,
      to,
      cc,
      body: { contentType: 'html' as const, content: `<html><body>${html}</body></html>` },
      attachments: attachment ? [attachment] : [],
      ageMinutes: age,
      conversation: { key: spec.key, depth },
      internetKey: `${spec.key}:${depth}`,
      key: `thread:${spec.key}:${depth}`,
    };
    const last = depth === spec.steps.length - 1;
    const add = (alias: string, mail: SeedMail) => byAlias.set(alias, [...(byAlias.get(alias) ?? []), mail]);
    if (ctx.users.has(step.from)) add(step.from, { ...base, folder: 'sentitems', isRead: true });
    for (const who of [...step.to, ...(step.cc ?? [])]) {
      if (ctx.users.has(who) && who !== step.from) {
        add(who, {
          ...base,
          folder: 'inbox',
          isRead: !last || ctx.rng.chance(0.5),
          flag: last && depth > 1 ? 'flagged' : undefined,
        });
      }
    }
    previous = { from, to, sent: new Date(ctx.now - age * 60_000), subject, html };
  });
  return byAlias;
}

/** Every thread's mails, grouped by the alias of the mailbox that holds them. */
export function seedThreads(ctx: ThreadContext): Map<string, SeedMail[]> {
  const result = new Map<string, SeedMail[]>();
  const specs = [
    ...INTERNAL_THREADS,
    ...[...ctx.users.keys()].flatMap((alias) => externalThreads(ctx.rng, alias)),
  ];
  for (const spec of specs) {
    for (const [alias, mails] of threadMails(ctx, spec))
      result.set(alias, [...(result.get(alias) ?? []), ...mails]);
  }
  return result;
}
