import { Node } from '@tiptap/react';
import { SIGNATURE_ATTRIBUTE } from '@/lib/mail/signatures-block';

/**
 * The signature as the editor holds it: a block of ordinary paragraphs, lists and links the person can edit,
 * kept as one node so the signature picker can find it to switch or remove it, and written out with its
 * mark so a draft opened again still knows where its signature is.
 */
export const SignatureNode = Node.create({
  name: 'signature',
  group: 'block',
  content: 'block+',
  defining: true,
  parseHTML: () => [{ tag: `div[${SIGNATURE_ATTRIBUTE}]` }],
  renderHTML: () => ['div', { [SIGNATURE_ATTRIBUTE]: '' }, 0],
});
