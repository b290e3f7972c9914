import { fileNameParts } from '@/lib/mail/display-text';
import styles from './file-name.module.css';

/**
 * An attachment's name whose real extension always shows: a long name is cut short before the extension,
 * never through it, and the name is isolated so right-to-left text can't reorder what follows.
 */
export function FileName({ name }: { name: string }) {
  const { base, extension } = fileNameParts(name);
  return (
    <bdi className={styles.name} title={`${base}${extension}`}>
      <span className={styles.base}>{base}</span>
      {extension ? <span className={styles.extension}>{extension}</span> : null}
    </bdi>
  );
}
