'use client';

import { useEffect, useEffectEvent } from 'react';
import { commandForKey, type MailCommand } from './keymap';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    // A ticked box keeps the keys: e archives the selection it just made.
    (target instanceof HTMLInputElement && target.type !== 'checkbox' && target.type !== 'radio') ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/**
 * The keyboard layer of the mail screen: a key (from the keymap) runs its command, unless the person is
 * typing, a dialog is open, a modifier is held, or the key belongs to the compose pane. `run` returns
 * false when the command does not apply (the key then does what it otherwise would).
 */
export function useMailKeyboard(
  run: (command: MailCommand, context: { key: string; onButton: boolean }) => boolean,
) {
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (isTyping(event.target) || document.querySelector('dialog[open]')) return;
    // Keys pressed while writing belong to the compose pane, not to the message list behind it.
    if (event.target instanceof Element && event.target.closest('[data-compose]')) return;
    // Nor do keys pressed inside an open menu (j in the Move menu is not "next message").
    if (event.target instanceof Element && event.target.closest('[data-menu-panel]')) return;
    const command = commandForKey(event.key);
    if (!command) return;
    const onButton = event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement;
    if (run(command, { key: event.key, onButton })) event.preventDefault();
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
}
