/*
 * Dragging messages onto a folder. The data type marks a drag as ours (a file or a link dragged in from
 * elsewhere is not dropped as mail); which messages go is kept by the mail screen, not in the payload.
 */
export const MESSAGES_DRAG_TYPE = 'application/x-tidings-messages';

export const isMessageDrag = (types: readonly string[]) => types.includes(MESSAGES_DRAG_TYPE);
