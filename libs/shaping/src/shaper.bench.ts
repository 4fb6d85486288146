// Micro-benchmark: cost per message of shaping a busy room (10,000 msgs/s on a fake clock,
// a tick every 100 ms, mostly chat with likes and a trickle of gifts and host messages).
// Run: node -r @swc-node/register libs/shaping/src/shaper.bench.ts [msgs]
import { RoomShaper } from './room-shaper';
import { flood } from './spec-kit';

function run(n: number): { msgs: number; ns: bigint; frames: number } {
  const arrivals = flood(10_000, (n * 1000) / 10_000, { like: 0.3, gift: 0.002, hostChat: 0.001 });
  const shaper = new RoomShaper('r1');
  let frames = 0;
  let nextTick = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < arrivals.length; i++) {
    const { at, msg } = arrivals[i];
    for (; nextTick <= at; nextTick += 100) if (shaper.tick(nextTick) !== null) frames++;
    if (shaper.push(msg, at) !== null) frames++;
  }
  return { msgs: arrivals.length, ns: process.hrtime.bigint() - start, frames };
}

const n = Number(process.argv[2] ?? 1_000_000);
run(Math.min(n, 200_000)); // warm-up, so the JIT has settled
const { msgs, ns } = run(n);
console.log(JSON.stringify({ name: 'shaping.room-shaper.busy-room', msgs, nsPerMsg: Math.round((Number(ns) / msgs) * 10) / 10 }));
