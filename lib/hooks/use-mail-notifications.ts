'use client';

import { useSyncExternalStore } from 'react';
import type { MessageSummaryDto } from '@/lib/mail/types';
import { mailHref } from './use-mail-url';

/*
 * Desktop notifications are opt-in: the person turns them on with the bell, which is the only place
 * that asks the browser for permission. The choice is remembered on this device.
 */

const STORAGE_KEY = 'tidings.notifications';
const listeners = new Set<() => void>();

function readPreference(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

export function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

function subscribe(onChange: () => void) {
  listeners.add(onChange);
  // Another tab changing the choice changes it here too.
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) onChange();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener('storage', onStorage);
  };
}

/** Whether the person asked for notifications (and the browser still allows them). */
export function useNotificationsEnabled(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => readPreference() && notificationsSupported() && Notification.permission !== 'denied',
    () => false,
  );
}

export function setNotificationsPreference(on: boolean) {
  try {
    if (on) window.localStorage.setItem(STORAGE_KEY, 'on');
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private mode without storage: the choice lasts until the page closes.
  }
  for (const listener of listeners) listener();
}

/** Shows new unread inbox mail while the page is hidden, if the person opted in. */
export function notifyNewMail(message: MessageSummaryDto) {
  if (!notificationsSupported() || !readPreference()) return;
  if (Notification.permission !== 'granted' || !document.hidden) return;
  const sender = message.from ? message.from.name || message.from.address : 'New mail';
  const notification = new Notification(sender, { body: message.subject || '(no subject)', tag: message.id });
  notification.onclick = () => {
    window.focus();
    window.history.pushState(null, '', mailHref({ folder: 'inbox', message: message.id }));
    notification.close();
  };
}
