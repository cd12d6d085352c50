import { setTimeout as sleep } from 'node:timers/promises';

/**
 * InnoDB (and SQL Server) pick a victim when two transactions wait on each other's locks: pages of
 * different dossiers applied side by side can meet on the gap locks of neighbouring index keys.
 * The victim's transaction is rolled back whole, so running it again is the documented remedy
 * (MariaDB: "applications should be prepared to retry a transaction that was rolled back because of
 * a deadlock"). A handful of attempts with a short jittered pause; any other error goes through.
 */
export async function retryOnDeadlock<T>(transaction: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !isDeadlock(error)) throw error;
      await sleep(Math.random() * 20 * attempt);
    }
  }
}

function isDeadlock(error: unknown): boolean {
  const err = error as { code?: unknown; errno?: unknown; number?: unknown };
  // MariaDB/MySQL: ER_LOCK_DEADLOCK (1213); SQL Server: error 1205
  return err.code === 'ER_LOCK_DEADLOCK' || err.errno === 1213 || err.number === 1205;
}
