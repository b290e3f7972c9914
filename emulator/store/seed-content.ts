import { tinyPdf, tinyPng } from './seed-files';
import {
  COLLEAGUES,
  EXTERNAL_PEOPLE,
  escapeHtml,
  firstName,
  type Person,
  personRecipient,
  type SeedContent,
} from './seed-mail';
import type { SeededRandom } from './seed-random';
import type { Recipient } from './types';

/* Ordinary mail for the seeded mailboxes: newsletters, notes from colleagues and partners, attachments. */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September'];
const PROJECTS = ['Contoso Launch', 'Mark 8 refresh', 'Spring catalogue', 'Loyalty app', 'Store 42 remodel'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

const NOTE_SUBJECTS = [
  'Store walkthrough notes',
  'Budget numbers for {month}',
  'Lunch on {weekday}?',
  'Vendor shortlist for {project}',
  'Updated floor plan',
  'Customer feedback summary',
  'Training schedule for new hires',
  'Quick question about the {project} deck',
  'Holiday coverage',
  'Inventory count results',
  'Parking garage closure on {weekday}',
  'Team offsite ideas',
  'Contract renewal with {company}',
  'Draft press release for {project}',
  'Timesheet reminder',
  'Agenda for {weekday} sync',
  'Follow-up from the {company} call',
  'Pricing proposal from {company}',
  'Shipping delays this week',
  'Window display photos',
  'Can you review this by {weekday}?',
  'Notes from the regional meeting',
  'New return policy wording',
  'Interview feedback',
];

const PARAGRAPHS = [
  'I went through the numbers again this morning and the totals now line up with what finance sent over.',
  'The team at {company} confirmed they can deliver the first batch two weeks earlier than planned.',
  'Could you take a look before {weekday}? I would like to send it out to the wider group after that.',
  'We had good foot traffic over the weekend, mostly around the new headphone display near the entrance.',
  'I moved our sync to the afternoon so the folks in the Redmond office can join without rushing.',
  'The revised plan keeps the launch date but trims two of the pop-up locations we discussed.',
  'Let me know if anything looks off. I am out on Friday but will check mail in the evening.',
  'Attached notes are still rough; the main open point is who owns signage for the pilot stores.',
  'Legal asked for one more pass on the wording of the warranty section before we print anything.',
  'Customers keep asking about trade-in options, so it might be worth adding a line to the FAQ.',
  'The {project} budget is tracking about 4% under forecast, mostly thanks to lower freight costs.',
  'I spoke to {company} again and they are open to a twelve-month term with a price review after six.',
  'Stock of the Mark 8 in the downtown store is down to eleven units; the reorder is already placed.',
  'Nothing urgent here, just keeping you in the loop while I collect the remaining input.',
];

const SIGN_OFFS = ['Thanks,', 'Best,', 'Cheers,', 'Kind regards,', 'Talk soon,'];

function fill(rng: SeededRandom, template: string): string {
  return template
    .replace('{month}', rng.pick(MONTHS))
    .replace('{weekday}', rng.pick(WEEKDAYS))
    .replace('{project}', rng.pick(PROJECTS))
    .replace('{company}', rng.pick(EXTERNAL_PEOPLE).company);
}

function paragraphs(rng: SeededRandom, count: number): string[] {
  return rng.sample(PARAGRAPHS, count).map((p) => fill(rng, p));
}

function htmlLetter(to: Recipient, from: Recipient, body: string[], extra = ''): string {
  return [
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>',
    `<div style="font-family:Calibri,Arial,sans-serif;font-size:11pt"><p>Hi ${escapeHtml(firstName(to))},</p>`,
    ...body.map((p) => `<p>${escapeHtml(p)}</p>`),
    extra,
    `<p>Thanks,<br>${escapeHtml(firstName(from))}</p></div></body></html>`,
  ].join('\n');
}

function textLetter(rng: SeededRandom, to: Recipient, from: Recipient, body: string[]): string {
  return [
    `Hi ${firstName(to)},`,
    '',
    ...body.flatMap((p) => [p, '']),
    rng.pick(SIGN_OFFS),
    firstName(from),
  ].join('\n');
}

function someone(rng: SeededRandom, colleagueShare = 0.5): Person {
  return rng.chance(colleagueShare) ? rng.pick(COLLEAGUES) : rng.pick(EXTERNAL_PEOPLE);
}

/** A note to the mailbox owner from a colleague or partner; HTML or plain text. */
export function incomingNote(rng: SeededRandom, owner: Recipient): SeedContent {
  const from = personRecipient(someone(rng));
  const subject = fill(rng, rng.pick(NOTE_SUBJECTS));
  const body = paragraphs(rng, rng.int(1, 3));
  if (rng.chance(0.45)) {
    return {
      subject,
      from,
      to: [owner],
      body: { contentType: 'text', content: textLetter(rng, owner, from, body) },
    };
  }
  const link = rng.chance(0.4)
    ? '<p>The shared notes are <a href="https://contoso.sharepoint.test/sites/retail/notes">on the team site</a>.</p>'
    : '';
  const cc = rng.chance(0.3) ? [personRecipient(rng.pick(COLLEAGUES))] : [];
  return {
    subject,
    from,
    to: [owner],
    cc,
    ...(rng.chance(0.08) ? { importance: 'high', categories: ['Follow up'] } : { importance: 'normal' }),
    body: { contentType: 'html', content: htmlLetter(owner, from, body, link) },
  };
}

/** A note the owner sent (for Sent Items). */
export function outgoingNote(rng: SeededRandom, owner: Recipient): SeedContent {
  const to = personRecipient(someone(rng, 0.6));
  const content = incomingNote(rng, to);
  const body = paragraphs(rng, rng.int(1, 2));
  return {
    ...content,
    from: owner,
    to: [to],
    body: rng.chance(0.5)
      ? { contentType: 'html', content: htmlLetter(to, owner, body) }
      : { contentType: 'text', content: textLetter(rng, to, owner, body) },
  };
}

interface NewsletterSender {
  name: string;
  address: string;
  brand: string;
  site: string;
  colour: readonly [number, number, number];
  /** Newsletters that embed their logo as an inline attachment instead of a remote image. */
  inlineLogo: boolean;
}

const NEWSLETTERS: readonly NewsletterSender[] = [
  {
    name: 'Fabrikam Weekly',
    address: 'newsletter@fabrikam.test',
    brand: 'Fabrikam',
    site: 'https://news.fabrikam.test',
    colour: [0, 94, 184],
    inlineLogo: false,
  },
  {
    name: 'Northwind Traders Digest',
    address: 'digest@northwindtraders.test',
    brand: 'Northwind Traders',
    site: 'https://www.northwindtraders.test',
    colour: [16, 124, 16],
    inlineLogo: true,
  },
  {
    name: 'Tailspin Toys Deals',
    address: 'deals@tailspintoys.test',
    brand: 'Tailspin Toys',
    site: 'https://shop.tailspintoys.test',
    colour: [216, 59, 1],
    inlineLogo: false,
  },
  {
    name: 'Litware Tech Briefing',
    address: 'briefing@litwareinc.test',
    brand: 'Litware',
    site: 'https://briefing.litwareinc.test',
    colour: [92, 45, 145],
    inlineLogo: true,
  },
  {
    name: 'Adventure Works Cycles',
    address: 'hello@adventure-works.test',
    brand: 'Adventure Works',
    site: 'https://www.adventure-works.test',
    colour: [0, 120, 120],
    inlineLogo: false,
  },
];

const HEADLINES = [
  'Five ways retailers are rethinking the checkout',
  'What shoppers told us about same-day delivery',
  'Inside the new {project} product line',
  'Spring collection: first look',
  'How {company} cut returns by a third',
  'Webinar: planning for the holiday peak',
  'Our {month} price changes, explained',
  'Customer story: a flagship store reopens',
  'Ten minutes with our head of design',
  'Weekend sale: up to 30% off accessories',
];

/** A marketing newsletter: table layout, remote banner or inline cid: logo, several links. */
export function newsletter(rng: SeededRandom, owner: Recipient, issue: number): SeedContent {
  const sender = rng.pick(NEWSLETTERS);
  const items = rng.sample(HEADLINES, 3).map((h) => fill(rng, h));
  const logoId = `logo-${issue}@${sender.address.split('@')[1] ?? 'newsletter.test'}`;
  const banner = sender.inlineLogo
    ? `<img src="cid:${logoId}" width="48" height="48" alt="${escapeHtml(sender.brand)} logo">`
    : `<img src="https://images.fabrikam.test/banner.png" width="600" alt="${escapeHtml(sender.brand)} banner">`;
  const rows = items
    .map(
      (headline, i) =>
        `<tr><td style="padding:12px;border-bottom:1px solid #ddd"><h3 style="margin:0">${escapeHtml(headline)}</h3>` +
        `<p>${escapeHtml(fill(rng, rng.pick(PARAGRAPHS)))}</p>` +
        `<a href="${sender.site}/stories/${issue}-${i + 1}">Read more</a></td></tr>`,
    )
    .join('\n');
  const content = [
    '<html><head><style>td{font-family:Segoe UI,Arial,sans-serif;font-size:14px}</style></head><body>',
    `<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="margin:0 auto">`,
    `<tr><td style="background:rgb(${sender.colour.join(',')});padding:16px;color:#fff">${banner} <strong>${escapeHtml(sender.name)}</strong> · Issue ${issue}</td></tr>`,
    rows,
    `<tr><td style="padding:12px;font-size:12px;color:#666">You receive this because you subscribed at ${sender.site}. ` +
      `<a href="${sender.site}/unsubscribe?u=${encodeURIComponent(owner.emailAddress.address)}">Unsubscribe</a></td></tr>`,
    '</table></body></html>',
  ].join('\n');
  return {
    subject: `${sender.name}: ${items[0] ?? 'This week'}`,
    from: { emailAddress: { name: sender.name, address: sender.address } },
    to: [owner],
    focus: 'other',
    // RFC 2369 and RFC 8058: a one-click https unsubscribe and a mailto: one, as bulk senders send them.
    headers: [
      {
        name: 'List-Unsubscribe',
        value: `<${sender.site}/unsubscribe?u=${encodeURIComponent(owner.emailAddress.address)}>, <mailto:unsubscribe@${sender.address.split('@')[1] ?? 'newsletter.test'}?subject=unsubscribe>`,
      },
      { name: 'List-Unsubscribe-Post', value: 'List-Unsubscribe=One-Click' },
    ],
    body: { contentType: 'html', content },
    attachments: sender.inlineLogo
      ? [{ name: 'logo.png', contentType: 'image/png', bytes: tinyPng(sender.colour, 48), contentId: logoId }]
      : [],
  };
}

/** Invoices, reports and screenshots: a mail with a PDF or PNG attached. */
export function attachmentMail(rng: SeededRandom, owner: Recipient, n: number): SeedContent {
  const person = rng.pick(EXTERNAL_PEOPLE);
  const from = personRecipient(person);
  const kind = rng.int(0, 3);
  if (kind === 3) {
    const colleague = personRecipient(rng.pick(COLLEAGUES));
    return {
      subject: rng.pick([
        'Screenshot of the checkout error',
        'Photo of the new shelf layout',
        'Mock-up for the banner',
      ]),
      from: colleague,
      to: [owner],
      body: {
        contentType: 'html',
        content: htmlLetter(owner, colleague, ['Here is what I am seeing, picture attached.']),
      },
      attachments: [
        { name: `image-${n}.png`, contentType: 'image/png', bytes: tinyPng([rng.int(0, 200), 120, 200], 32) },
      ],
    };
  }
  const title =
    [`Invoice INV-${2024000 + n}`, `${person.company} quarterly report`, 'Signed agreement'][kind] ??
    'Document';
  const lines = [
    `Prepared for ${owner.emailAddress.name}`,
    `${person.company}, reference ${1000 + n}`,
    `Amount due: $${rng.int(200, 9000)}.00`,
  ];
  return {
    subject: `${title} from ${person.company}`,
    from,
    to: [owner],
    // Filed as people file them: money matters under Finance, signed deals under Customers.
    categories: kind === 2 ? ['Customers'] : ['Finance'],
    body: {
      contentType: 'html',
      content: htmlLetter(owner, from, [
        `Please find the ${title.toLowerCase()} attached.`,
        rng.pick(PARAGRAPHS),
      ]),
    },
    attachments: [
      {
        name: `${title.replace(/[^A-Za-z0-9-]+/g, '-')}.pdf`,
        contentType: 'application/pdf',
        bytes: tinyPdf(title, lines),
      },
    ],
  };
}

const JUNK_SUBJECTS = [
  'You have won a $500 gift card!!!',
  'Final notice: your mailbox storage is full',
  'Cheap flights to anywhere, today only',
  'Re: your invoice is overdue',
  'Exclusive crypto opportunity for Contoso employees',
];

export function junkMail(rng: SeededRandom, owner: Recipient): SeedContent {
  const subject = rng.pick(JUNK_SUBJECTS);
  return {
    subject,
    from: { emailAddress: { name: 'Prize Center', address: `no-reply@promo${rng.int(1, 99)}.spam.test` } },
    to: [owner],
    body: {
      contentType: 'html',
      content: `<p>${escapeHtml(subject)}</p><p><a href="https://claim.spam.test/now">Claim now</a></p>`,
    },
  };
}

const PROJECT_TASKS = [
  'signage proofs',
  'launch event guest list',
  'press kit',
  'pilot store staffing',
  'demo unit logistics',
  'social media calendar',
  'training videos',
  'pricing sign-off',
];

/** Mail filed under Projects or its child Contoso Launch. */
export function projectMail(rng: SeededRandom, owner: Recipient, launch: boolean): SeedContent {
  const from = personRecipient(rng.pick(COLLEAGUES));
  const task = rng.pick(PROJECT_TASKS);
  const project = launch ? 'Contoso Launch' : rng.pick(PROJECTS.filter((p) => p !== 'Contoso Launch'));
  return {
    subject: `${project}: ${task}`,
    from,
    to: [owner],
    categories: launch ? ['Launch'] : [],
    body: {
      contentType: 'html',
      content: htmlLetter(owner, from, [`Status update on the ${task}.`, ...paragraphs(rng, 2)]),
    },
  };
}

const DRAFT_SUBJECTS = ['Thoughts on the launch event', 'Re: staffing plan', 'Feedback for the agency', ''];

export function draftMail(rng: SeededRandom, owner: Recipient, n: number): SeedContent {
  const to = n % 2 === 0 ? [personRecipient(rng.pick(COLLEAGUES))] : [];
  return {
    subject: DRAFT_SUBJECTS[n % DRAFT_SUBJECTS.length] ?? '',
    from: owner,
    to,
    body: { contentType: 'html', content: `<p>${escapeHtml(rng.pick(PARAGRAPHS))}</p>` },
  };
}
