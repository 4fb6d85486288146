import { FrameLedger } from './frame-ledger';
import { message } from './spec-kit';

describe('FrameLedger', () => {
  it('FrameLedger: nothing noted -> no frame', () => {
    expect(new FrameLedger().close('r1', [], undefined)).toBeNull();
  });

  it('FrameLedger: range covers shown, dropped and liked seqs; prevSeq chains; counters reset', () => {
    const l = new FrameLedger();
    l.like(3);
    l.drop(5);
    const first = l.close('r1', [message(4), message(6)], 12);
    expect(first).toEqual({ roomId: 'r1', fromSeq: 3, toSeq: 6, messages: [message(4), message(6)], shaped: { dropped: 1, likes: 1 }, online: 12 });
    expect(first).not.toHaveProperty('prevSeq');
    l.drop(7);
    expect(l.close('r1', [], undefined)).toEqual({ roomId: 'r1', fromSeq: 7, toSeq: 7, prevSeq: 6, messages: [], shaped: { dropped: 1, likes: 0 } });
  });

  it('FrameLedger: after lossBefore, the first frame chains from just below it, so a client that saw less sees a gap', () => {
    const l = new FrameLedger();
    l.lossBefore(58);
    l.drop(58);
    expect(l.close('r1', [message(61)], undefined)).toMatchObject({ fromSeq: 58, toSeq: 61, prevSeq: 57 });
    expect(l.close('r1', [message(62)], undefined)).toMatchObject({ prevSeq: 61 });
  });

  it('FrameLedger: lossBefore on a chain already running breaks it at the loss, never below the watermark', () => {
    const l = new FrameLedger();
    l.close('r1', [message(10)], undefined);
    l.lossBefore(40);
    expect(l.close('r1', [message(40)], undefined)).toMatchObject({ fromSeq: 40, toSeq: 40, prevSeq: 39 });
    l.lossBefore(5);
    expect(l.close('r1', [message(41)], undefined)).toMatchObject({ prevSeq: 40, toSeq: 41 });
  });

  it('FrameLedger: a late message below prevSeq keeps toSeq at the watermark', () => {
    const l = new FrameLedger();
    l.drop(10);
    l.close('r1', [], undefined);
    const late = l.close('r1', [message(8, 'gift')], undefined);
    expect(late).toMatchObject({ fromSeq: 8, toSeq: 10, prevSeq: 10 });
  });
});
