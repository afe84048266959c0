// Pending image checks: trace id → the message it is about. The trace id only ever travels between
// WeChat and the functions, so a verdict event naming an unknown trace id (a client forging the
// event through callFunction) finds nothing and changes nothing.
import { byId } from './query';
import { txGet, type Tx } from './transaction';

export interface MediaCheckDoc {
  _id: string;
  messageId: string;
  conversationId: string;
  senderId: string;
  status: 'pending' | 'pass' | 'risky';
  at: number;
}

export const getMediaCheck = (traceId: string) => byId<MediaCheckDoc>('media_checks', traceId);

export async function addMediaCheckTx(tx: Tx, doc: MediaCheckDoc): Promise<void> {
  const { _id, ...data } = doc;
  await tx.collection('media_checks').doc(_id).set({ data });
}

export const getMediaCheckTx = (tx: Tx, traceId: string) => txGet<MediaCheckDoc>(tx, 'media_checks', traceId);

export async function decideMediaCheckTx(
  tx: Tx,
  traceId: string,
  status: 'pass' | 'risky',
  decidedAt: number,
): Promise<void> {
  await tx.collection('media_checks').doc(traceId).update({ data: { status, decidedAt } });
}
