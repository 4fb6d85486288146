import type { PresenceReport } from '@livecast/contracts';
import { combineListeners } from './combine-listeners';
import { CountReporter } from './count-reporter';
import { FakeScheduler } from './fakes';
import { PresenceTable } from './presence-table';
import { ReportPacer } from './report-pacer';

const HEARTBEAT = 2000;
const IDLE = 30_000;
const DELTA = 250;

function setup() {
  const scheduler = new FakeScheduler();
  const reporter = new CountReporter({ gatewayId: 'gw-1', epoch: 'e1', heartbeatMs: HEARTBEAT, idleHeartbeatMs: IDLE });
  const sent: Array<{ at: number; report: PresenceReport }> = [];
  const pacer = new ReportPacer({
    reporter,
    send: (report) => sent.push({ at: scheduler.clock.now(), report }),
    deltaMs: DELTA,
    clock: scheduler.clock,
    scheduler,
  });
  const table = new PresenceTable({ maxConnectionsPerUser: 5, maxRoomsPerConnection: 5, listener: combineListeners(reporter, pacer) });
  const log = () => sent.map(({ at, report }) => `${at} ${report.kind} ${report.heartbeatMs} ${JSON.stringify(report.rooms)}`);
  const start = () => pacer.start(() => table.roomCounts());
  return { scheduler, table, pacer, start, log };
}

describe('ReportPacer', () => {
  it('ReportPacer: a gateway without viewers sends one empty snapshot per idle heartbeat and arms nothing else', () => {
    const { scheduler, start, log } = setup();
    start();
    scheduler.advance(3 * IDLE);
    expect(log()).toEqual([`0 snapshot ${IDLE} {}`, `${IDLE} snapshot ${IDLE} {}`, `${2 * IDLE} snapshot ${IDLE} {}`, `${3 * IDLE} snapshot ${IDLE} {}`]);
    expect(scheduler.pending).toBe(1);
  });

  it('ReportPacer: the first change after idle sends its delta after deltaMs and brings the heartbeat back', () => {
    const { scheduler, table, start, log } = setup();
    start();
    scheduler.advance(1000);
    table.addConnection('c1', 'u1');
    table.join('c1', 'r1');
    scheduler.advance(DELTA + 2 * HEARTBEAT);
    expect(log()).toEqual([
      `0 snapshot ${IDLE} {}`,
      `${1000 + DELTA} delta ${HEARTBEAT} {"r1":1}`,
      `${1000 + DELTA + HEARTBEAT} snapshot ${HEARTBEAT} {"r1":1}`,
      `${1000 + DELTA + 2 * HEARTBEAT} snapshot ${HEARTBEAT} {"r1":1}`,
    ]);
  });

  it('ReportPacer: changes within deltaMs make one delta; a quiet gateway with viewers sends only heartbeats', () => {
    const { scheduler, table, start, log } = setup();
    table.addConnection('c1', 'u1');
    table.addConnection('c2', 'u2');
    table.join('c1', 'r1');
    start();
    table.join('c2', 'r1');
    scheduler.advance(100);
    table.join('c2', 'r2');
    scheduler.advance(HEARTBEAT - 100);
    expect(log()).toEqual([`0 snapshot ${HEARTBEAT} {"r1":1}`, `${DELTA} delta ${HEARTBEAT} {"r1":1,"r2":1}`, `${HEARTBEAT} snapshot ${HEARTBEAT} {"r1":2,"r2":1}`]);
  });

  it('ReportPacer: once the last viewer left, the next snapshot is empty and announces the idle heartbeat', () => {
    const { scheduler, table, start, log } = setup();
    table.addConnection('c1', 'u1');
    table.join('c1', 'r1');
    start();
    table.removeConnection('c1');
    scheduler.advance(HEARTBEAT + IDLE);
    expect(log()).toEqual([`0 snapshot ${HEARTBEAT} {"r1":1}`, `${DELTA} delta ${HEARTBEAT} {"r1":-1}`, `${HEARTBEAT} snapshot ${IDLE} {}`, `${HEARTBEAT + IDLE} snapshot ${IDLE} {}`]);
  });

  it('ReportPacer: join and leave netting to nothing send no delta', () => {
    const { scheduler, table, start, log } = setup();
    start();
    table.addConnection('c1', 'u1');
    table.join('c1', 'r1');
    table.leave('c1', 'r1');
    scheduler.advance(DELTA);
    expect(log()).toEqual([`0 snapshot ${IDLE} {}`]);
  });

  it('ReportPacer: stop sends a last snapshot and leaves nothing scheduled', () => {
    const { scheduler, table, pacer, start, log } = setup();
    table.addConnection('c1', 'u1');
    table.join('c1', 'r1');
    start();
    table.removeConnection('c1');
    pacer.stop();
    table.addConnection('c2', 'u2');
    table.join('c2', 'r1');
    expect(scheduler.pending).toBe(0);
    scheduler.advance(IDLE);
    expect(log()).toEqual([`0 snapshot ${HEARTBEAT} {"r1":1}`, `0 snapshot ${IDLE} {}`]);
  });
});
