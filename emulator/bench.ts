/*
 * Read throughput of the emulator's Graph routes: `npx tsx emulator/bench.ts [seconds]`.
 * Starts an emulator in this process on a free loopback port, adds ~300 Inbox messages per seeded user,
 * then for a bounded time keeps four reads in flight per mailbox (Outlook's MailboxConcurrency limit):
 * message lists with $top=25 and single message GETs. Prints requests/second, latency and errors.
 */
import { startEmulator } from './server';
import { buildMessage, recipient } from './store/message-factory';

const MESSAGES_PER_USER = 300;
const IN_FLIGHT_PER_MAILBOX = 4;

async function main() {
  const seconds = Math.min(Math.max(Number(process.argv[2] ?? 10) || 10, 1), 120);
  const emulator = await startEmulator({ port: 0, requestBudget: 100_000_000 });
  try {
    const { store } = emulator.ctx;
    const users = [...store.users.values()];
    const mailboxes: { token: string; ids: string[] }[] = [];
    const start = Date.now();
    for (const user of users) {
      const inbox = store.getFolder(user.id, 'inbox');
      if (!inbox) throw new Error(`${user.userPrincipalName} has no Inbox`);
      for (let i = 0; i < MESSAGES_PER_USER; i += 1) {
        store.insertMessage(
          buildMessage({
            userId: user.id,
            parentFolderId: inbox.id,
            subject: `Bench message ${i}`,
            body: { contentType: 'html', content: `<p>Benchmark body ${i} ${'lorem ipsum '.repeat(40)}</p>` },
            from: recipient(`sender${i % 17}@fabrikam.test`),
            receivedDateTime: new Date(start - i * 60_000).toISOString(),
            isRead: i % 3 === 0,
          }),
        );
      }
      const token = await emulator.ctx.tokens.mint({ userId: user.id, appId: 'bench', ttlSeconds: 3600 });
      mailboxes.push({ token, ids: store.messagesOf(user.id, inbox.id).map((m) => m.id) });
    }

    const latencies: number[] = [];
    let errors = 0;
    const statuses = new Map<number, number>();
    const deadline = performance.now() + seconds * 1000;
    const base = `${emulator.url}/v1.0`;

    const worker = async (mailbox: { token: string; ids: string[] }, n: number) => {
      let i = n;
      while (performance.now() < deadline) {
        i += 1;
        const id = mailbox.ids[i % mailbox.ids.length] ?? '';
        const url =
          i % 2 === 0
            ? `${base}/me/mailFolders/inbox/messages?$top=25&$skip=${(i * 25) % MESSAGES_PER_USER}&$select=subject,from,receivedDateTime,isRead,bodyPreview`
            : `${base}/me/messages/${id}`;
        const began = performance.now();
        try {
          const response = await fetch(url, { headers: { authorization: `Bearer ${mailbox.token}` } });
          await response.arrayBuffer();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status !== 200) errors += 1;
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - began);
      }
    };

    const began = performance.now();
    await Promise.all(
      mailboxes.flatMap((mailbox) =>
        Array.from({ length: IN_FLIGHT_PER_MAILBOX }, (_, n) => worker(mailbox, n * 1000)),
      ),
    );
    const elapsed = (performance.now() - began) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
    console.log(
      JSON.stringify(
        {
          seconds: Number(elapsed.toFixed(2)),
          mailboxes: mailboxes.length,
          inFlightPerMailbox: IN_FLIGHT_PER_MAILBOX,
          requests: latencies.length,
          requestsPerSecond: Math.round(latencies.length / elapsed),
          p50Ms: Number(pct(0.5).toFixed(2)),
          p95Ms: Number(pct(0.95).toFixed(2)),
          errors,
          statuses: Object.fromEntries(statuses),
        },
        null,
        2,
      ),
    );
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
