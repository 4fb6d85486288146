import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { openRoom } from '../support/admin';
import { connectViewer, eventually, uniqueId, type TestViewer } from '../support/clients';
import { PrivateStack } from '../support/private-stack';

const root = join(__dirname, '..', '..');
const bundles = join(root, 'dist', 'apps');
const APPS = ['gateway', 'membership', 'ingest', 'fanout'];

/** The npm packages a bundle requires: bare specifiers cut to the package name, Node built-ins left out. */
function requiredPackages(code: string): string[] {
  const specifiers = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]);
  const packages = specifiers
    .filter((spec) => !spec.startsWith('.') && !spec.startsWith('node:') && !builtinModules.includes(spec))
    .map((spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/'));
  return [...new Set(packages)].sort();
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

describe('production bundles: `nx build` gives each app a main.js that runs with node and its own dependency list', () => {
  const stack = new PrivateStack({}, bundles);
  const viewers: TestViewer[] = [];

  beforeAll(() => {
    const build = spawnSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'run-many', '-t', 'build', '--projects=tag:type:app'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true' },
    });
    if (build.status !== 0) throw new Error(`nx build failed:\n${build.stdout}\n${build.stderr}`);
  }, 180_000);
  afterAll(async () => {
    viewers.forEach((v) => v.close());
    await stack.stop();
  });

  it.each(APPS)('%s: every package main.js requires is in its package.json, at the version of the root lockfile, with a lockfile', (app) => {
    const manifest = readJson(join(bundles, app, 'package.json'));
    const locked = readJson(join(root, 'package-lock.json')).packages;
    const required = requiredPackages(readFileSync(join(bundles, app, 'main.js'), 'utf8'));

    expect(required).toEqual(expect.arrayContaining(['@nestjs/core', 'nats']));
    expect(required.filter((name) => !(name in manifest.dependencies))).toEqual([]);
    expect(Object.entries(manifest.dependencies).filter(([name, version]) => locked[`node_modules/${name}`]?.version !== version)).toEqual([]);
    expect(existsSync(join(bundles, app, 'package-lock.json'))).toBe(true);
  });

  it('a stack of bundles serves a room: admin API and OpenAPI, join, send, delivery through ingest and fan-out', async () => {
    const membership = (await stack.start('membership', 'membership-b')).httpUrl;
    await stack.start('ingest', 'ingest-b');
    await stack.start('fanout', 'fanout-b');
    const gateway = (await stack.startGateway('gateway-b')).httpUrl;

    const openApi = await fetch(`${membership}/docs-json`).then((r) => r.json());
    expect(Object.keys(openApi.paths)).toEqual(expect.arrayContaining(['/rooms']));
    const roomId = await openRoom(uniqueId('bundled'), 'host-1', membership);
    const [sender, watcher] = await Promise.all([connectViewer(gateway, uniqueId('alice')), connectViewer(gateway, uniqueId('bob'))]);
    viewers.push(sender, watcher);
    expect(await watcher.join(roomId)).toMatchObject({ ok: true, room: { id: roomId } });
    expect(await sender.join(roomId)).toMatchObject({ ok: true });
    expect(await sender.send(roomId, 'from the bundles')).toMatchObject({ ok: true, duplicate: false });
    expect(await eventually(() => watcher.messagesOf(roomId).some((m) => m.text === 'from the bundles'), 15_000)).toBe(true);
  }, 90_000);
});
