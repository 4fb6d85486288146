import { MESSAGE_KINDS, type MessageKind } from '@livecast/contracts';

/** The flood mix when none is given. */
export const DEFAULT_MIX = 'chat=0.8,like=0.1,gift=0.05,system=0.05';

/** Share of each message kind in a flood; the shares sum to 1. */
export type Mix = Record<MessageKind, number>;

/** Parses `chat=0.8,like=0.1,gift=0.05,system=0.05`; unnamed kinds get 0, shares are normalized to sum to 1. */
export function parseMix(text: string): Mix {
  const mix: Mix = { chat: 0, like: 0, gift: 0, system: 0 };
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const [name, value] = part.split('=').map((s) => s.trim());
    if (!(MESSAGE_KINDS as readonly string[]).includes(name)) throw new Error(`--mix: unknown kind "${name}" (one of ${MESSAGE_KINDS.join(', ')})`);
    const share = Number(value);
    if (!Number.isFinite(share) || share < 0) throw new Error(`--mix: share of ${name} must be a number >= 0`);
    mix[name as MessageKind] = share;
  }
  const total = MESSAGE_KINDS.reduce((sum, kind) => sum + mix[kind], 0);
  if (total <= 0) throw new Error('--mix: at least one kind needs a share > 0');
  for (const kind of MESSAGE_KINDS) mix[kind] /= total;
  return mix;
}

/**
 * Picks kinds in exact proportion without randomness (smooth weighted round-robin): each
 * pick adds every kind's weight to its credit and takes the kind with the most credit.
 * Over any n picks each kind's count is within 1 of n × share.
 */
export class MixPicker {
  private readonly kinds: MessageKind[];
  private readonly weights: number[];
  private readonly credit: number[];

  constructor(shares: Partial<Record<MessageKind, number>>) {
    this.kinds = MESSAGE_KINDS.filter((kind) => (shares[kind] ?? 0) > 0);
    if (this.kinds.length === 0) throw new Error('MixPicker needs at least one kind with a share > 0');
    const total = this.kinds.reduce((sum, kind) => sum + (shares[kind] ?? 0), 0);
    this.weights = this.kinds.map((kind) => (shares[kind] ?? 0) / total);
    this.credit = this.kinds.map(() => 0);
  }

  /** The next kind. */
  next(): MessageKind {
    let best = 0;
    for (let i = 0; i < this.kinds.length; i++) {
      this.credit[i] += this.weights[i];
      if (this.credit[i] > this.credit[best]) best = i;
    }
    this.credit[best] -= 1;
    return this.kinds[best];
  }
}
