import { Command } from 'commander';
import { Redis } from 'ioredis';
import { startPeer } from './peer-server';

const program = new Command()
  .name('peer')
  .description('Stock Socket.IO + Redis adapter speaking the livecast client protocol: the baseline benchmarks compare against.')
  .option('--port <port>', 'socket.io, admin and metrics port', '3500')
  .option('--redis <url>', 'Redis URL', 'redis://127.0.0.1:6379')
  .option('--prefix <prefix>', 'prefix of every Redis key and channel (one per run)', `peer${Date.now().toString(36)}`)
  .option('--jwt-secret <secret>', 'HS256 secret of the tokens', process.env.JWT_SECRET ?? 'livecast-dev-secret-change-me')
  .option('--history <n>', 'messages kept per room', '200')
  .option('--history-on-join <n>', 'messages in a join ack', '50')
  .option('--user-limit <n>', 'messages per user per window', '20')
  .option('--user-window <s>', 'rate-limit window in seconds', '30')
  .parse();

async function main(): Promise<void> {
  const o = program.opts<{ port: string; redis: string; prefix: string; jwtSecret: string; history: string; historyOnJoin: string; userLimit: string; userWindow: string }>();
  const pub = new Redis(o.redis);
  const sub = pub.duplicate();
  await startPeer(
    {
      port: Number(o.port),
      prefix: o.prefix,
      jwtSecret: o.jwtSecret,
      historyPerRoom: Number(o.history),
      historyOnJoin: Number(o.historyOnJoin),
      userLimit: Number(o.userLimit),
      userWindowSec: Number(o.userWindow),
      dedupWindowSec: 120,
    },
    pub,
    sub,
  );
  console.error(`peer listening on :${o.port} (redis ${o.redis}, prefix ${o.prefix})`);
  const stop = () => {
    pub.disconnect();
    sub.disconnect();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
