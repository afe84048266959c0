// Token buckets of the per-user throttles, one document per user and kind (`send_<employeeId>`).
// Read once before the costly checks (a refused sender costs no content-security call) and taken
// inside the send's transaction, so two racing sends of one user cannot both take the last token.
import type { Bucket } from '../domain/rateLimit';
import { byId } from './query';
import { txGet, type Tx } from './transaction';

export const sendBucketId = (employeeId: string): string => `send_${employeeId}`;

/** null (a full bucket) when the user has not sent yet. */
export async function readBucket(id: string): Promise<Bucket | null> {
  const doc = await byId<Bucket>('rate_limits', id);
  return doc ? { tokens: doc.tokens, at: doc.at } : null;
}

export async function readBucketTx(tx: Tx, id: string): Promise<Bucket | null> {
  const doc = await txGet<Bucket>(tx, 'rate_limits', id);
  return doc ? { tokens: doc.tokens, at: doc.at } : null;
}

export async function writeBucketTx(tx: Tx, id: string, bucket: Bucket): Promise<void> {
  await tx
    .collection('rate_limits')
    .doc(id)
    .set({ data: { tokens: bucket.tokens, at: bucket.at } });
}
