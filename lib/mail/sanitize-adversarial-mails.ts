/*
 * Mail whose size or shape made the old sanitizer hold the event loop for seconds to minutes (issue #11):
 * used by the adversarial-size tests and by `npm run bench`. Each body starts with a line of text the
 * reader must still see in the fallback.
 */

const words = (count: number) => 'lorem ipsum dolor sit amet '.repeat(Math.ceil(count / 27)).slice(0, count);

export interface AdversarialMail {
  name: string;
  html: () => string;
  /** Text the reader must still see, fallback or not. */
  shows: string;
  /** Known to be caught before jsdom sees it; otherwise a correct render is acceptable too. */
  fallback: boolean;
}

export const ADVERSARIAL_MAILS: AdversarialMail[] = [
  {
    name: '20,000 nested divs',
    html: () => `<p>Deep hello</p>${'<div>'.repeat(20_000)}x`,
    shows: 'Deep hello',
    fallback: true,
  },
  {
    name: '3,000 nested divs (32 KB)',
    html: () => `<p>Deep hello</p>${'<div>'.repeat(3_000)}x${'</div>'.repeat(3_000)}`,
    shows: 'Deep hello',
    fallback: true,
  },
  {
    name: '1,000 nested tables',
    html: () => `<p>Table hello</p>${'<table><tr><td>'.repeat(1_000)}x${'</td></tr></table>'.repeat(1_000)}`,
    shows: 'Table hello',
    fallback: true,
  },
  {
    name: 'a <p> with 200,000 attributes',
    html: () =>
      `<p>Attribute hello</p><p ${Array.from({ length: 200_000 }, (_, i) => `a${i}=1`).join(' ')}>x</p>`,
    shows: 'Attribute hello',
    fallback: true,
  },
  {
    name: '200,000 attributes spread over repeated <body> tags',
    html: () => `<p>Body hello</p>${Array.from({ length: 200_000 }, (_, i) => `<body a${i}=1>`).join('')}`,
    shows: 'Body hello',
    fallback: true,
  },
  {
    name: '100,000 unclosed tags',
    html: () => `<p>Unclosed hello</p>${'<div><span><font><section>'.repeat(25_000)}`,
    shows: 'Unclosed hello',
    fallback: true,
  },
  {
    name: '100,000 unclosed paragraphs',
    html: () => `<p>Paragraph hello${'<p>x'.repeat(100_000)}`,
    shows: 'Paragraph hello',
    fallback: false,
  },
  {
    name: 'a 5 MB <style>',
    html: () =>
      `<style>${Array.from({ length: 300_000 }, (_, i) => `.c${i}{color:red}`).join('')}</style><p>Style hello</p>`,
    shows: 'Style hello',
    fallback: true,
  },
  {
    name: 'a 5 MB body of text',
    html: () => `<p>Text hello ${words(5_000_000)}</p>`,
    shows: 'Text hello',
    fallback: true,
  },
  {
    name: 'deeply nested inline formatting',
    html: () => `<p>Inline hello</p>${'<b><i><u><s><em><strong><font><span>'.repeat(1_000)}x`,
    shows: 'Inline hello',
    fallback: true,
  },
  {
    name: 'misnested formatting (the adoption agency)',
    html: () => `<p>Misnested hello</p>${'<b><div></b>'.repeat(5_000)}`,
    shows: 'Misnested hello',
    fallback: true,
  },
];
