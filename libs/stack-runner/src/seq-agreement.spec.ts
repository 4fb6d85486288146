import { seqDisagreements } from './seq-agreement';

describe('stack-runner: seqDisagreements', () => {
  it('finds a delivery whose seq the leader holds for another message, once per seq', () => {
    const stored = [
      { seq: 10, clientMsgId: 'a' },
      { seq: 11, clientMsgId: 'probe' },
      { seq: 12, clientMsgId: 'b' },
    ];
    const delivered = [
      { seq: 10, clientMsgId: 'a' },
      { seq: 11, clientMsgId: 'b' },
      { seq: 11, clientMsgId: 'b' },
    ];
    expect(seqDisagreements(delivered, stored)).toEqual([{ seq: 11, delivered: 'b', stored: 'probe' }]);
  });

  it('proves nothing from seqs the leader does not hold or messages without an id', () => {
    expect(seqDisagreements([{ seq: 5, clientMsgId: 'x' }, { seq: 6 }], [{ seq: 6, clientMsgId: 'y' }])).toEqual([]);
  });
});
