// The team server keeps the replica's unique keys (so a clash is refused there, not found in every replica): the
// unique indexes of the Dexie schema on replicated tables and replication.ts' `unique` lists must be the same.
import { describe, expect, it } from 'vitest';
import { QaDatabase } from '@renderer/db/database';
import { REPLICATED_TABLES } from '@renderer/domain/replication';

describe('unique keys', () => {
  it('every unique index of a replicated table is listed for the server, and nothing else', async () => {
    const db = new QaDatabase(`keys-${Date.now()}`);
    await db.open();
    for (const spec of REPLICATED_TABLES) {
      const indexes = db
        .table(spec.table)
        .schema.indexes.filter((i) => i.unique)
        .map((i) => (Array.isArray(i.keyPath) ? i.keyPath : [i.keyPath!]));
      expect({ table: spec.table, unique: indexes }).toEqual({ table: spec.table, unique: spec.unique ?? [] });
    }
    db.close();
  });
});
