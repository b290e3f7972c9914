import styles from './page.module.css';

export default function HomePage() {
  return (
    <main className={styles.main}>
      <section className={styles.card} aria-labelledby="welcome-title">
        <p className={styles.brand} aria-hidden="true">
          ✉
        </p>
        <h1 id="welcome-title">Tidings</h1>
        <p className={styles.lead}>
          Mail from your Microsoft 365 mailbox, the moment it arrives, on every tab and device.
        </p>
        <p className={styles.note}>Sign-in with Microsoft arrives in the next release.</p>
      </section>
    </main>
  );
}
