/** A message at a stream seq, as a delivery claimed it or as the stream's leader holds it. */
export interface SeqClaim {
  seq: number;
  clientMsgId?: string;
}

/** A seq delivered for one message while the stream's leader holds another there. */
export interface SeqDisagreement {
  seq: number;
  delivered: string;
  stored: string;
}

/**
 * The deliveries whose seq the stream's leader holds for another message. livecast takes
 * a message's seq from its JetStream delivery and never renumbers it, so each one proves
 * that the replica the consumer read numbers the stream differently from the leader: a
 * replica that diverged (ADR 0022). Seqs the leader does not hold (removed by retention,
 * outside the range read) prove nothing and are skipped.
 */
export function seqDisagreements(delivered: readonly SeqClaim[], stored: readonly SeqClaim[]): SeqDisagreement[] {
  const atSeq = new Map(stored.map((s) => [s.seq, s.clientMsgId]));
  const seen = new Set<number>();
  const out: SeqDisagreement[] = [];
  for (const { seq, clientMsgId } of delivered) {
    const held = atSeq.get(seq);
    if (seen.has(seq) || held === undefined || clientMsgId === undefined || held === clientMsgId) continue;
    seen.add(seq);
    out.push({ seq, delivered: clientMsgId, stored: held });
  }
  return out;
}
