import { DEMO_HOST_ID, type DemoServer } from '@livecast/demo';
import type { ServiceProcess } from '@livecast/stack-runner';
import type { Browser } from 'playwright-core';
import { openRoom } from '../support/admin';
import { connectViewer, eventually, uniqueId, type TestViewer } from '../support/clients';
import { startExtraGateway } from '../support/extra-gateway';
import { launchChromium, openPage, screenshot } from './support/chromium';
import { lines, say, signIn, startSuiteDemo } from './support/demo';

// A browser, a gateway restart and a flood: generous bounds on a shared machine.
jest.setTimeout(120_000);

describe('demo: the web app in a real Chromium', () => {
  let browser: Browser;
  let demo: DemoServer;
  let extra: ServiceProcess;
  const viewers: TestViewer[] = [];

  beforeAll(async () => {
    extra = await startExtraGateway('gw-demo');
    [browser, demo] = await Promise.all([launchChromium(), startSuiteDemo([Number(new URL(extra.httpUrl).port)])]);
  });

  afterAll(async () => {
    viewers.forEach((viewer) => viewer.close());
    await browser?.close();
    await demo?.close();
    await extra?.stop(5000);
  });

  it('two pages on two gateways see each other, the sender its own message at once, gifts and host messages marked', async () => {
    const roomId = await openRoom(uniqueId('demo'), DEMO_HOST_ID);
    const alice = await openPage(browser, `${demo.url}/?room=${roomId}&gw=0`);
    const bob = await openPage(browser, `${demo.url}/?room=${roomId}&gw=1`);
    await Promise.all([signIn(alice, 'Alice'), signIn(bob, 'Bob')]);
    expect(await alice.textContent('#gateway')).not.toBe(await bob.textContent('#gateway'));

    await say(alice, 'hello from Alice on gateway 0');
    await alice.waitForSelector('.msg.own >> text=hello from Alice on gateway 0', { timeout: 5000 });
    await bob.waitForSelector('text=hello from Alice on gateway 0', { timeout: 10_000 });
    await say(bob, 'hi Alice, Bob here on gateway 1');
    await alice.waitForSelector('text=hi Alice, Bob here on gateway 1', { timeout: 10_000 });

    await alice.click('#become-host');
    await alice.waitForSelector('#host-tools:not([hidden])');
    await alice.waitForSelector('body[data-session="joined"]');
    await say(alice, 'Welcome, everyone!', 'system');
    await say(bob, 'a rose for the host', 'gift');
    await bob.waitForSelector('.msg.staff >> text=Welcome, everyone!', { timeout: 10_000 });
    await alice.waitForSelector('.msg.gift >> text=a rose for the host', { timeout: 10_000 });
    expect(await eventually(async () => (await bob.textContent('#online')) === '2 online')).toBe(true);
    await screenshot(alice, 'demo-alice-host');
    await screenshot(bob, 'demo-bob-viewer');

    // The host panel kicks Bob through the admin API proxy: his page says so.
    await alice.click(`.msg:not(.own) .who >> text=Bob`);
    await alice.click('#moderate button[data-action="kicks"]');
    await bob.waitForSelector('#banner[data-kind="ended"]', { timeout: 10_000 });
    expect(await bob.textContent('#banner')).toContain('removed from the room');
    expect(await alice.textContent('#host-log')).toContain('kick');
    expect([...alice.problems, ...bob.problems]).toEqual([]);
  });

  it('a flood shows counters, not a churning list: every message is shown or counted', async () => {
    const roomId = await openRoom(uniqueId('demo-flood'), DEMO_HOST_ID);
    const page = await openPage(browser, `${demo.url}/?room=${roomId}&gw=0`);
    await page.waitForSelector('body[data-session="joined"]');
    const senders = await Promise.all(Array.from({ length: 10 }, (_, i) => connectViewer(i % 2, uniqueId(`flooder${i}`))));
    viewers.push(...senders);
    await Promise.all(senders.map((sender) => sender.join(roomId)));
    const perSender = 20;
    const acks = await Promise.all(senders.flatMap((sender, s) => Array.from({ length: perSender }, (_, m) => sender.send(roomId, `flood ${s}.${m}`))));
    const accepted = acks.filter((ack) => ack.ok).length;
    expect(accepted).toBeGreaterThan(100);
    const account = async () => {
      const shown = (await lines(page)).filter((text) => text.startsWith('flood ')).length;
      const counted = Number(await page.getAttribute('#more', 'data-count'));
      return { shown, counted };
    };
    expect(await eventually(async () => {
      const { shown, counted } = await account();
      return shown + counted === accepted;
    }, 20_000)).toBe(true);
    const { shown, counted } = await account();
    expect(counted).toBeGreaterThan(0);
    expect(shown).toBeLessThan(accepted / 2);
    expect(await page.textContent('#more')).toBe(`+${counted.toLocaleString('en-US')} more`);
    await screenshot(page, 'demo-flood');
    expect(page.problems).toEqual([]);
  });

  it('shows the reconnect and the resume when its gateway restarts', async () => {
    const roomId = await openRoom(uniqueId('demo-resume'), DEMO_HOST_ID);
    const page = await openPage(browser, `${demo.url}/?room=${roomId}&gw=2`);
    await signIn(page, 'Carol');
    await say(page, 'before the restart');
    await page.waitForSelector('text=before the restart');
    const port = Number(new URL(extra.httpUrl).port);
    await extra.stop(5000);
    await page.waitForSelector('#conn[data-state="connecting"]', { timeout: 10_000 });
    await page.waitForSelector('#banner[data-kind="resuming"]');
    const poster = await connectViewer(0, uniqueId('poster'));
    viewers.push(poster);
    await poster.join(roomId);
    expect((await poster.send(roomId, 'while Carol was away')).ok).toBe(true);
    await screenshot(page, 'demo-reconnecting');
    extra = await startExtraGateway('gw-demo', port);
    await page.waitForSelector('#banner[data-kind="resumed"]', { timeout: 20_000 });
    await page.waitForSelector('text=while Carol was away');
    expect(await page.textContent('#banner')).toContain('1 missed message caught up');
    await screenshot(page, 'demo-resumed');
    expect(page.problems.filter((problem) => !problem.includes('WebSocket'))).toEqual([]);
  });
});
