import Link from 'next/link';
import type { ReactNode } from 'react';
import { Icon } from '@/app/components/mail/icons';
import { AutomaticRepliesSettings } from './automatic-replies-settings';
import { RulesSettings } from './rules-settings';
import styles from './settings-page.module.css';
import { SignaturesSettings } from './signatures-settings';

const SECTIONS = {
  rules: { label: 'Inbox rules', render: () => <RulesSettings /> },
  signatures: { label: 'Signatures', render: () => <SignaturesSettings /> },
  'automatic-replies': { label: 'Automatic replies', render: () => <AutomaticRepliesSettings /> },
} satisfies Record<string, { label: string; render: () => ReactNode }>;

export type SettingsSection = keyof typeof SECTIONS;

/** The section a `?section=` names, or the first one for anything else. */
export function settingsSection(value: string | undefined): SettingsSection {
  return value && value in SECTIONS ? (value as SettingsSection) : 'rules';
}

/** Settings that live with the mailbox (rules, automatic replies) or with Tidings (signatures), one section at a time. */
export function SettingsPage({ section }: { section: SettingsSection }) {
  return (
    <div className={styles.page}>
      <nav className={styles.nav} aria-label="Settings">
        <Link href="/mail" className={styles.back}>
          <Icon name="back" size={16} />
          Back to mail
        </Link>
        <ul>
          {Object.entries(SECTIONS).map(([key, { label }]) => (
            <li key={key}>
              <Link
                href={`/settings?section=${key}`}
                className={styles.link}
                aria-current={key === section ? 'page' : undefined}
              >
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className={styles.section}>
        <h1 className={styles.title}>{SECTIONS[section].label}</h1>
        {SECTIONS[section].render()}
      </main>
    </div>
  );
}
