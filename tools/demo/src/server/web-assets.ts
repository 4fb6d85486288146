import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

/** One file the demo server serves. */
export interface Asset {
  type: string;
  body: Buffer;
}

const root = join(__dirname, '..', '..', '..', '..');
const web = join(__dirname, '..', 'web');
/** The SDK's browser build, the file the page imports the SDK from. */
export const SDK_ASSET = 'livecast-client.browser.js';

const browser: BuildOptions = { bundle: true, format: 'esm', platform: 'browser', target: 'es2020', minify: true, tsconfig: join(root, 'tsconfig.base.json'), write: false, logLevel: 'warning' };

/** The page's code imports the SDK by its package name; in the browser that is the separately served browser build. */
const sdkFromBrowserBuild: Plugin = {
  name: 'sdk-from-browser-build',
  setup(plugin) {
    plugin.onResolve({ filter: /^@livecast\/client-sdk$/ }, () => ({ path: `./${SDK_ASSET}`, external: true }));
  },
};

async function bundle(options: BuildOptions): Promise<Buffer> {
  const result = await build({ ...browser, ...options });
  return Buffer.from(result.outputFiles?.[0]?.contents ?? new Uint8Array());
}

/**
 * Builds what the demo page needs, in memory: the SDK's browser build (as the package
 * ships it: socket.io-client inside, no eval), the page's script on top of it, the HTML
 * and the stylesheet. Takes about a second.
 */
export async function buildWebAssets(): Promise<Map<string, Asset>> {
  const [sdk, app] = await Promise.all([
    bundle({ entryPoints: [join(root, 'libs', 'client-sdk', 'src', 'index.ts')] }),
    bundle({ entryPoints: [join(web, 'main.ts')], plugins: [sdkFromBrowserBuild] }),
  ]);
  const js = 'text/javascript; charset=utf-8';
  return new Map<string, Asset>([
    ['/', { type: 'text/html; charset=utf-8', body: readFileSync(join(web, 'index.html')) }],
    ['/assets/style.css', { type: 'text/css; charset=utf-8', body: readFileSync(join(web, 'style.css')) }],
    ['/assets/app.js', { type: js, body: app }],
    [`/assets/${SDK_ASSET}`, { type: js, body: sdk }],
  ]);
}
