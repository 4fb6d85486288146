import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
// The package build is a script of the SDK, reached by path like the global setup reaches the stack runner.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PACKAGE_DIR, buildPackage, type PackageSizes } from '../../libs/client-sdk/scripts/build-package';
import { openRoom } from '../support/admin';
import { tokenFor, uniqueId } from '../support/clients';
import { suiteEnv } from '../support/suite-env';
import { launchChromium, screenshot } from './support/chromium';

jest.setTimeout(240_000);

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
/** Issue 12's budget: what the SDK adds on top of socket.io-client, gzip. */
const SDK_GZIP_BUDGET_BYTES = 12_000;

/** A consumer that connects, joins, sends, and prints what it saw as JSON (CJS and ESM spell only the import differently). */
function consumer(importLine: string): string {
  return `${importLine}
const client = createLivecastClient({ url: process.env.GATEWAY, token: process.env.TOKEN });
client.join(process.env.ROOM).then(async (room) => {
  const sent = await room.send('hello from the tarball');
  const failure = await room.send('x'.repeat(MAX_TEXT_CHARS + 1)).catch((err) => err);
  console.log(JSON.stringify({ state: client.state, room: room.state, seq: sent.seq, text: sent.text, refused: failure instanceof LivecastError && failure.code === ErrorCode.TooLong }));
  client.close();
}, (err) => { console.error(err); process.exit(1); });
`;
}

const TYPED_CONSUMER = `import { createLivecastClient, ErrorCode, type ChatMessage, type ClientState, type LivecastError, type RoomSession } from '@livecast/client';
const client = createLivecastClient({ url: 'http://127.0.0.1:1', autoConnect: false, path: '/socket.io', withCredentials: true });
const state: ClientState = client.state;
client.on('state', (next: ClientState, previous: ClientState) => console.log(next, previous, state));
client.on('error', (err: LivecastError) => err.code === ErrorCode.RateLimited && err.retryAfterMs);
export async function use(): Promise<ChatMessage> {
  const room: RoomSession = await client.join('lobby');
  room.on('state', (next, previous, reason) => console.log(next, previous, reason?.code));
  room.on('shaped', ({ dropped, likes }) => console.log(dropped + likes));
  return room.send('hi', 'gift');
}
`;

const CSP = "default-src 'self'; script-src 'self'; connect-src 'self' ws: http:";
/** Joins the room named in the page's query as a guest with whatever SDK /sdk.js is, and writes the outcome on the body. */
const PROBE = `import { createLivecastClient } from '/sdk.js';
const params = new URLSearchParams(location.search);
const client = createLivecastClient({ url: params.get('gw') });
client.join(params.get('room')).then(
  (room) => { document.body.dataset.result = room.state; document.body.textContent = 'joined ' + room.roomId + ' under ' + document.querySelector('meta[name=csp]').content; },
  (err) => { document.body.dataset.result = 'failed: ' + err.code; },
);`;

/** Serves a page with CSP script-src 'self' whose module script imports `sdk` (file contents) as /sdk.js. */
async function cspServer(sdk: string): Promise<{ server: Server; url: string }> {
  const files: Record<string, [string, string]> = {
    '/page.html': ['text/html', `<!doctype html><meta name="csp" content="${CSP}"><script type="module" src="/probe.js"></script><body>loading</body>`],
    '/probe.js': ['text/javascript', PROBE],
    '/sdk.js': ['text/javascript', sdk],
  };
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://x').pathname];
    if (!file) return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': file[0], 'content-security-policy': CSP }).end(file[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('sdk package: npm pack of @livecast/client installs and works in an empty project', () => {
  let sizes: PackageSizes;
  let app: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sizes = await buildPackage();
    app = mkdtempSync(join(tmpdir(), 'livecast-client-consumer-'));
    const { stdout } = await run('npm', ['pack', PACKAGE_DIR, '--pack-destination', app, '--json'], { cwd: app });
    const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    // socket.io-client comes from the npm cache, or the registry when the cache lacks it.
    await run('npm', ['install', join(app, filename), '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app });
    const roomId = await openRoom(uniqueId('pkg'));
    env = { ...process.env, GATEWAY: suiteEnv().gateways[0], TOKEN: tokenFor(uniqueId('pkg-user')), ROOM: roomId };
  });

  afterAll(() => app && rmSync(app, { recursive: true, force: true }));

  it('adds at most 12 KB gzip to socket.io-client', () => {
    expect(sizes.sdk.gzip).toBeLessThanOrEqual(SDK_GZIP_BUDGET_BYTES);
    expect(sizes.browser.gzip).toBeGreaterThan(sizes.socketIoClient.gzip);
  });

  it.each([
    ['CommonJS', 'consumer.cjs', "const { createLivecastClient, ErrorCode, LivecastError, MAX_TEXT_CHARS } = require('@livecast/client');"],
    ['ESM', 'consumer.mjs', "import { createLivecastClient, ErrorCode, LivecastError, MAX_TEXT_CHARS } from '@livecast/client';"],
  ])('%s: imports, connects to a gateway, joins, sends, refuses bad input locally', async (_kind, file, importLine) => {
    writeFileSync(join(app, file), consumer(importLine));
    const { stdout } = await run('node', [file], { cwd: app, env, timeout: 60_000 });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(seen).toMatchObject({ state: 'connected', room: 'joined', text: 'hello from the tarball', refused: true });
    expect(seen.seq).toBeGreaterThan(0);
  });

  it('type-checks a strict TypeScript consumer (nodenext) against the shipped declarations', async () => {
    writeFileSync(join(app, 'consumer.mts'), TYPED_CONSUMER);
    writeFileSync(join(app, 'consumer.cts'), TYPED_CONSUMER);
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--skipLibCheck', 'false'];
    await expect(run('node', [tsc, ...args, 'consumer.mts', 'consumer.cts'], { cwd: app })).resolves.toBeDefined();
    const declarations = readFileSync(join(app, 'node_modules', '@livecast', 'client', 'dist', 'index.d.ts'), 'utf8');
    expect(declarations).not.toMatch(/typebox|@livecast\/contracts/);
  });

  it('has API docs that generate without a warning (npm run docs:sdk)', async () => {
    await expect(run('npm', ['run', '-s', 'docs:sdk', '--', '--emit', 'none'], { cwd: root })).resolves.toBeDefined();
  });

  it('bundles for the browser with esbuild, without eval or TypeBox, and ships a standalone browser file', async () => {
    writeFileSync(join(app, 'web.js'), "import { createLivecastClient } from '@livecast/client';\nwindow.livecast = createLivecastClient;\n");
    const bundled = await build({ entryPoints: [join(app, 'web.js')], absWorkingDir: app, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
    const code = bundled.outputFiles[0].text;
    expect(code).toContain('room:join');
    for (const text of [code, readFileSync(join(app, 'node_modules', '@livecast', 'client', 'dist', 'livecast-client.browser.js'), 'utf8')]) {
      expect(text).not.toMatch(/new Function|\beval\(|TypeCompiler/);
    }
  });

  it("loads in Chromium under CSP script-src 'self' and joins a room; a build that compiles TypeBox schemas does not", async () => {
    const shipped = readFileSync(join(app, 'node_modules', '@livecast', 'client', 'dist', 'livecast-client.browser.js'), 'utf8');
    // The control: the SDK as it was, on the full contracts entry (TypeCompiler compiles every schema at import).
    const compiling = await build({ stdin: { contents: "import '@livecast/contracts'; export * from '@livecast/client-sdk';", resolveDir: root, loader: 'ts' }, tsconfig: join(root, 'tsconfig.base.json'), bundle: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
    const browser = await launchChromium();
    const servers: Server[] = [];
    try {
      const outcome = async (sdk: string, shot?: string) => {
        const { server, url } = await cspServer(sdk);
        servers.push(server);
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('pageerror', (err) => errors.push(err.message));
        await page.goto(`${url}/page.html?gw=${encodeURIComponent(suiteEnv().gateways[1])}&room=${env.ROOM}`);
        // Done when the probe wrote its outcome, or when the module failed to load (a page error).
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline && errors.length === 0 && (await page.evaluate(() => document.body.dataset.result)) === undefined) await page.waitForTimeout(50);
        const result = await page.evaluate(() => document.body.dataset.result ?? 'not run');
        if (shot) await screenshot(page, shot);
        return { result, errors };
      };
      const ok = await outcome(shipped, 'sdk-under-csp');
      expect(ok).toEqual({ result: 'joined', errors: [] });
      // The same page with the compiling build fails to load: the policy is in force (page.evaluate itself is exempt from it).
      const control = await outcome(compiling.outputFiles[0].text);
      expect(control.result).toBe('not run');
      expect(control.errors.join('\n')).toMatch(/unsafe-eval|EvalError|Content Security Policy/i);
    } finally {
      servers.forEach((server) => server.close());
      await browser.close();
    }
  });
});
