/*
 * Where a signature sits in the body of a message being written: a block of its own at the end of what the
 * person writes, above any quote (the compose editor keeps the person's text and Exchange's quote apart),
 * marked so the compose pane can find it again to switch or remove it. The mark is the one attribute the
 * editor's filter lets through besides links (lib/mail/editor-html.ts); the editor models the block as a
 * node of its own (app/components/mail/compose/signature-node.ts). Client-safe.
 */

export const SIGNATURE_ATTRIBUTE = 'data-signature';

/** A signature's HTML as the body holds it. */
export const signatureBlock = (html: string) => `<div ${SIGNATURE_ATTRIBUTE}="">${html}</div>`;

/** The opening body of a message with a signature: an empty line to write on, then the signature. */
export const bodyWithSignature = (html: string) => `<p></p>${signatureBlock(html)}`;
