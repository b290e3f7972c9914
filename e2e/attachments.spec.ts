import { deflateSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { emulatorControl, signIn } from './helpers';
import { mailbox } from './mailbox';

/*
 * Attachment previews through the real sign-in, on a mail delivered to Megan from outside: two PNGs show
 * thumbnails and open in a lightbox, a PDF opens in the viewer (drawn by pdf.js, its script never run), a
 * text file that is really HTML shows its markup as characters in a frame where nothing may run, a Word
 * document and an SVG say they download. A one-line mail's chips sit right under its text.
 */

test.describe.configure({ timeout: 180_000 });

const token = `att${Date.now().toString(36)}`;

/** A PNG, left half one colour and right half white, written here so no binary fixture is needed. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      rows.set(x < width / 2 ? rgb : [255, 255, 255], y * (width * 3 + 1) + 1 + x * 3);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A one-page PDF with a line of text, and a JavaScript action run on open by viewers that run scripts. */
function pdf(text: string, script: string): Buffer {
  const content = `BT /F1 28 Tf 72 700 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    `<< /Type /Action /S /JavaScript /JS (${script}) >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(out.length);
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const HOSTILE_TEXT =
  '<script>top.__pwned = "text script"</script>\n<img src=x onerror="top.__pwned = \'text handler\'">\nTotals: 42\n';
const attachment = (name: string, contentType: string, bytes: Buffer) => ({
  name,
  contentType,
  contentBase64: bytes.toString('base64'),
});

async function deliver(subject: string, body: string, attachments: ReturnType<typeof attachment>[]) {
  const { id } = (await emulatorControl('/mail', {
    to: 'megan',
    from: 'reports@fabrikam.test',
    fromName: 'Fabrikam Reports',
    subject,
    body,
    attachments,
  })) as { id: string };
  return id;
}

async function openMessage(page: Page, id: string) {
  const detail = `/api/messages/${encodeURIComponent(id)}`;
  // A connection reset by the busy server is retried like a 404 (the mail not yet synced).
  const status = () =>
    page.request.get(detail).then(
      (response) => response.status(),
      () => 0,
    );
  await expect.poll(status, { timeout: 30_000 }).toBe(200);
  await page.goto(`/mail?folder=inbox&message=${encodeURIComponent(id)}`);
  const reading = page.getByRole('region', { name: 'Reading pane' });
  await expect(reading.getByRole('list', { name: 'Attachments' })).toBeVisible({ timeout: 30_000 });
  return reading;
}

/** Everything a script in the page or a frame could leave behind, and every dialog it could open. */
function watchForScripts(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return {
    dialogs,
    pwned: () => page.evaluate(() => (window as { __pwned?: string }).__pwned),
  };
}

let mailId = '';
let shortId = '';
let longId = '';

test.beforeAll(async () => {
  mailId = await deliver(`${token} Site visit`, 'Photos, the report and the plan attached.', [
    attachment('site.png', 'image/png', png(640, 480, [40, 110, 200])),
    attachment('chart.png', 'application/octet-stream', png(300, 200, [200, 60, 40])),
    attachment('report.pdf', 'application/pdf', pdf('Quarterly report', 'app.alert("pdf script ran")')),
    attachment('invoice.txt', 'text/html', Buffer.from(HOSTILE_TEXT)),
    attachment(
      'plan.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      Buffer.from('PK\x03\x04 plan'),
    ),
    attachment(
      'logo.svg',
      'image/svg+xml',
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="top.__pwned=1"/>'),
    ),
  ]);
  shortId = await deliver(`${token} One line`, 'See attached.', [
    attachment('totals.csv', 'text/csv', Buffer.from('quarter,total\nq1,12\n')),
  ]);
  longId = await deliver(
    `${token} Long read`,
    Array.from({ length: 120 }, (_, i) => `Paragraph ${i + 1} of the long read.`).join('\n\n'),
    [attachment('notes.txt', 'text/plain', Buffer.from('notes'))],
  );
});

test('an image attachment shows a thumbnail, and the lightbox opens, moves with the arrows and closes with Esc', async ({
  page,
}) => {
  const thumbnails: string[] = [];
  page.on('response', (response) => {
    if (response.url().includes('/preview?size=thumbnail'))
      thumbnails.push(response.headers()['content-type'] ?? '');
  });
  await signIn(page, 'megan');
  await expect(page).toHaveURL(/\/mail/);
  const reading = await openMessage(page, mailId);
  const chips = reading.getByRole('list', { name: 'Attachments' });

  const site = chips.getByRole('button', { name: /View site\.png/ });
  await expect(site).toBeVisible();
  const thumbnail = site.locator('img');
  await expect
    .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 20_000 })
    .toBeGreaterThan(0);
  await expect(thumbnail).toHaveAttribute('loading', 'lazy');
  // Declared as octet-stream, but a PNG by its bytes and name: a thumbnail too.
  await expect
    .poll(() =>
      chips
        .getByRole('button', { name: /View chart\.png/ })
        .locator('img')
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBeGreaterThan(0);
  expect(thumbnails.length).toBeGreaterThan(0);
  expect(new Set(thumbnails)).toEqual(new Set(['image/webp']));

  await site.click();
  const lightbox = page.getByRole('dialog', { name: 'site.png' });
  await expect(lightbox).toBeVisible();
  const full = lightbox.getByRole('img', { name: 'site.png' });
  await expect.poll(() => full.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
  await expect(lightbox.getByText('1 of 2')).toBeVisible();
  await expect(lightbox.getByRole('link', { name: 'Download' })).toHaveAttribute('download', 'site.png');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('dialog', { name: 'chart.png' })).toBeVisible();
  await expect(page.getByText('2 of 2')).toBeVisible();
  await expect
    .poll(() =>
      page
        .getByRole('dialog')
        .getByRole('img', { name: 'chart.png' })
        .evaluate((img: HTMLImageElement) => img.naturalWidth),
    )
    .toBe(300);
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('dialog', { name: 'site.png' })).toBeVisible();
  // Focus stays in the dialog: tabbing goes round its own controls.
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // Escape only closed the lightbox: the message is still open.
  await expect(reading.getByRole('list', { name: 'Attachments' })).toBeVisible();
  expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('site.png');
});

test('a PDF opens in the viewer with no script allowed; a text file’s markup shows as text; Office files download', async ({
  page,
}) => {
  const watch = watchForScripts(page);
  await signIn(page, 'megan');
  await expect(page).toHaveURL(/\/mail/);
  const reading = await openMessage(page, mailId);
  const chips = reading.getByRole('list', { name: 'Attachments' });

  // The Word document and the SVG are downloads, and say so.
  await expect(
    chips.getByRole('link', { name: /plan\.docx, Download — Word document, \d+ B/ }),
  ).toHaveAttribute('download', 'plan.docx');
  await expect(chips.getByRole('link', { name: /logo\.svg, Download — SVG image/ })).toBeVisible();

  // The PDF: drawn by pdf.js in the viewer; its OpenAction script never runs.
  await chips.getByRole('button', { name: /Open report\.pdf/ }).click();
  const viewer = page.getByRole('dialog', { name: 'report.pdf' });
  await expect(viewer).toBeVisible();
  const page1 = viewer.getByRole('img', { name: 'Page 1 of 1' });
  await expect(page1).toBeVisible({ timeout: 30_000 });
  await expect(viewer.locator('[data-pdf-status="drawing"]')).toBeVisible();
  // Ink on the sheet: the line of text was drawn.
  await expect
    .poll(
      () =>
        page1.evaluate((canvas: HTMLCanvasElement) => {
          const { data } = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height) ?? {
            data: [],
          };
          let dark = 0;
          for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 128) dark++;
          return dark;
        }),
      { timeout: 20_000 },
    )
    .toBeGreaterThan(50);
  const pdfUrl = `/api/messages/${encodeURIComponent(mailId)}`;
  const detail = await (await page.request.get(pdfUrl)).json();
  const idOf = (name: string) => detail.attachments.find((a: { name: string }) => a.name === name).id;
  const pdfPreview = await page.request.get(
    `${pdfUrl}/attachments/${encodeURIComponent(idOf('report.pdf'))}/preview`,
  );
  expect(pdfPreview.headers()['content-type']).toBe('application/pdf');
  expect(pdfPreview.headers()['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
  expect(pdfPreview.headers()['x-content-type-options']).toBe('nosniff');
  expect(pdfPreview.headers()['cache-control']).toBe('private, max-age=31536000, immutable');
  expect(pdfPreview.headers()['content-disposition']).toMatch(/^inline;/);
  expect((await pdfPreview.body()).subarray(0, 5).toString()).toBe('%PDF-');

  const axe = await new AxeBuilder({ page }).include('dialog[open]').analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await viewer.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // HTML pretending to be text: shown as its characters, in a frame where nothing is allowed.
  await chips.getByRole('button', { name: /Open invoice\.txt/ }).click();
  const textViewer = page.getByRole('dialog', { name: 'invoice.txt' });
  const frame = textViewer.locator('iframe[title="Contents of invoice.txt"]');
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(frame.contentFrame().locator('body')).toContainText(
    '<script>top.__pwned = "text script"</script>',
  );
  await expect(frame.contentFrame().locator('body')).toContainText('Totals: 42');
  await expect(frame.contentFrame().locator('script, img')).toHaveCount(0);
  const textPreview = await page.request.get(
    `${pdfUrl}/attachments/${encodeURIComponent(idOf('invoice.txt'))}/preview`,
  );
  expect(textPreview.headers()['content-type']).toBe('text/plain; charset=utf-8');
  expect(textPreview.headers()['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
  expect(textPreview.headers()['x-frame-options']).toBe('SAMEORIGIN');

  const axeText = await new AxeBuilder({ page }).include('dialog[open]').exclude('iframe').analyze();
  const seriousText = axeText.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(seriousText.map((v) => v.id)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // The SVG and the Word document have no preview at all, even asked for directly.
  const svgPreview = await page.request.get(
    `${pdfUrl}/attachments/${encodeURIComponent(idOf('logo.svg'))}/preview`,
  );
  expect(svgPreview.status()).toBe(415);
  expect(svgPreview.headers()['content-security-policy']).toContain("default-src 'none'");

  expect(watch.dialogs).toEqual([]);
  expect(await watch.pwned()).toBeUndefined();
  // Megan's mail is as it was on Microsoft 365: previews only read.
  const held = (await mailbox('megan')).messages.find((m) => m.id === mailId);
  expect(held?.subject).toBe(`${token} Site visit`);
});

test('a one-line message’s attachments sit right under its text; a long message still fills the pane', async ({
  page,
}) => {
  await signIn(page, 'megan');
  await expect(page).toHaveURL(/\/mail/);
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const reading = await openMessage(page, shortId);
    const bodyFrame = reading.locator('iframe[title^="Message body"]').first();
    const text = bodyFrame.contentFrame().getByText('See attached.');
    await expect(text).toBeVisible();
    const chips = reading.getByRole('list', { name: 'Attachments' });
    await expect
      .poll(
        async () => {
          const [line, list] = await Promise.all([text.boundingBox(), chips.boundingBox()]);
          return line && list ? Math.round(list.y - (line.y + line.height)) : Number.POSITIVE_INFINITY;
        },
        { message: `gap at ${width} px` },
      )
      .toBeLessThan(48);
    await expect(chips.getByRole('button', { name: /Open totals\.csv/ })).toBeVisible();
    if (width === 390) await page.screenshot({ path: test.info().outputPath(`short-${width}.png`) });

    await openMessage(page, longId);
    const longFrame = page
      .getByRole('region', { name: 'Reading pane' })
      .locator('iframe[title^="Message body"]')
      .first();
    await expect(longFrame.contentFrame().getByText('Paragraph 120 of the long read.')).toBeAttached();
    await expect.poll(async () => (await longFrame.boundingBox())?.height ?? 0).toBeGreaterThan(300);
  }
});
