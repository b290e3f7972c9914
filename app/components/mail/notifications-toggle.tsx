'use client';

import {
  notificationsSupported,
  setNotificationsPreference,
  useNotificationsEnabled,
} from '@/lib/hooks/use-mail-notifications';
import { Icon } from './icons';
import { useMailUi } from './mail-ui-context';

/** The bell in the header: the only place that asks the browser for permission, and only when pressed. */
export function NotificationsToggle({ className }: { className?: string }) {
  const enabled = useNotificationsEnabled();
  const { notify } = useMailUi();

  const toggle = async () => {
    if (enabled) {
      setNotificationsPreference(false);
      notify('Notifications for new mail are off.');
      return;
    }
    if (!notificationsSupported()) {
      notify('This browser can’t show notifications.', 'error');
      return;
    }
    const permission =
      Notification.permission === 'default'
        ? await Notification.requestPermission()
        : Notification.permission;
    if (permission !== 'granted') {
      notify(
        'Notifications are blocked for Tidings. Allow them in your browser’s site settings, then try again.',
        'error',
      );
      return;
    }
    setNotificationsPreference(true);
    notify('You’ll be notified of new mail while Tidings is in the background.');
  };

  return (
    <button
      type="button"
      className={className}
      aria-pressed={enabled}
      aria-label="Notify me of new mail"
      title={enabled ? 'Notifications for new mail are on' : 'Notify me of new mail'}
      onClick={() => void toggle()}
    >
      <Icon name="bell" filled={enabled} />
    </button>
  );
}
