'use client';

import { type ThemeChoice, useTheme } from '@/lib/hooks/use-theme';
import { Icon } from './icons';

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const ICON: Record<ThemeChoice, string> = { system: 'system', light: 'sun', dark: 'moon' };
const NAME: Record<ThemeChoice, string> = {
  system: 'same as the system',
  light: 'light',
  dark: 'dark',
};

/** Cycles system → light → dark, so the reader can always get back to following the system. */
export function ThemeToggle({ className }: { className?: string }) {
  const { choice, setChoice } = useTheme();
  const label = `Theme: ${NAME[choice]}. Switch to ${NAME[NEXT[choice]]}`;
  return (
    <button
      type="button"
      className={className}
      onClick={() => setChoice(NEXT[choice])}
      aria-label={label}
      title={label}
    >
      <Icon name={ICON[choice]} />
    </button>
  );
}
