// The audit log is written in the same transaction as the change it records, or right after a
// multi-document change that cannot be one transaction (the entry then says what was done).
import { db } from '../platform/cloud';
import type { AuditDoc } from './documents';
import type { Tx } from './transaction';

export async function recordAudit(entry: AuditDoc, tx?: Tx): Promise<void> {
  const data = { ...entry } as Record<string, unknown>;
  if (tx) await tx.collection('audit_log').add({ data });
  else await db().collection('audit_log').add({ data });
}
