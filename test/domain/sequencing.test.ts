// Which pending messages a sequencing batch keeps and the seqs it hands out (domain/sequencing).
import { planBatch, type BatchContext } from '../../cloudfunctions/core/domain/sequencing';

const ctx = (over: Partial<BatchContext> = {}): BatchContext => ({
  lastSeq: 7,
  open: true,
  type: 'group',
  muteAll: false,
  roleOf: (id) => (id === 'gone' ? null : id === 'boss' ? 'owner' : 'member'),
  ...over,
});

describe('planBatch', () => {
  it('numbers from lastSeq + 1 in arrival order, ties by id', () => {
    const plan = planBatch(ctx(), [
      { id: 'c', senderId: 'a', createdAt: 20 },
      { id: 'b', senderId: 'a', createdAt: 10 },
      { id: 'a', senderId: 'b', createdAt: 20 },
    ]);
    expect(plan).toEqual({
      kept: [
        { id: 'b', seq: 8 },
        { id: 'a', seq: 9 },
        { id: 'c', seq: 10 },
      ],
      dropped: [],
    });
  });

  it('drops what changed since the sender checked, without leaving a gap', () => {
    const plan = planBatch(ctx({ muteAll: true }), [
      { id: 'm1', senderId: 'boss', createdAt: 1 },
      { id: 'm2', senderId: 'x', createdAt: 2 },
      { id: 'm3', senderId: 'gone', createdAt: 3 },
      { id: 'm4', senderId: 'boss', createdAt: 4, mentions: 'all' },
    ]);
    expect(plan.kept).toEqual([
      { id: 'm1', seq: 8 },
      { id: 'm4', seq: 9 },
    ]);
    expect(plan.dropped).toEqual(['m2', 'm3']);
  });

  it('drops @all from someone no longer an owner or admin, and everything in a closed group', () => {
    expect(planBatch(ctx(), [{ id: 'm', senderId: 'x', createdAt: 1, mentions: 'all' }]).dropped).toEqual([
      'm',
    ]);
    expect(planBatch(ctx({ open: false }), [{ id: 'm', senderId: 'boss', createdAt: 1 }])).toEqual({
      kept: [],
      dropped: ['m'],
    });
  });
});
