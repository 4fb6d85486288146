// Builds the installable package @livecast/client into dist/libs/client-sdk:
// ESM and CJS for Node and bundlers (socket.io-client stays a dependency), a standalone
// browser ESM file (socket.io-client inside, minified), one bundled .d.ts with the
// contracts' client types inlined, and the size of what the SDK adds to socket.io-client.
// `npm pack dist/libs/client-sdk` then gives the tarball (ADR 0015).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { generateDtsBundle } from 'dts-bundle-generator';
import { build, type BuildOptions } from 'esbuild';

const root = join(__dirname, '..', '..', '..');
const source = join(root, 'libs', 'client-sdk');
/** Where the package is assembled; `npm pack` this directory. */
export const PACKAGE_DIR = join(root, 'dist', 'libs', 'client-sdk');
const out = join(PACKAGE_DIR, 'dist');

/** Minified and gzip (level 9) bytes of one bundle. */
export interface BundleSize {
  min: number;
  gzip: number;
}

/** What the build measured: the standalone browser file, socket.io-client alone built the same way, and the difference. */
export interface PackageSizes {
  browser: BundleSize;
  socketIoClient: BundleSize;
  sdk: BundleSize;
}

const common: BuildOptions = {
  bundle: true,
  target: 'es2020',
  tsconfig: join(root, 'tsconfig.base.json'),
  logLevel: 'warning',
  legalComments: 'none',
};

function sizeOf(code: Uint8Array): BundleSize {
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

async function bundles(): Promise<PackageSizes> {
  const entry = join(source, 'src', 'index.ts');
  await build({ ...common, entryPoints: [entry], outfile: join(out, 'index.mjs'), format: 'esm', platform: 'neutral', external: ['socket.io-client'] });
  await build({ ...common, entryPoints: [entry], outfile: join(out, 'index.cjs'), format: 'cjs', platform: 'neutral', external: ['socket.io-client'] });
  const browserFile = join(out, 'livecast-client.browser.js');
  const browserBuild: BuildOptions = { ...common, format: 'esm', platform: 'browser', minify: true };
  await build({ ...browserBuild, entryPoints: [entry], outfile: browserFile, sourcemap: 'linked' });
  const browser = sizeOf(readFileSync(browserFile));
  // The baseline: only what the SDK imports from socket.io-client, tree-shaken the same way.
  const alone = await build({ ...browserBuild, stdin: { contents: "export { io } from 'socket.io-client';", resolveDir: root }, write: false });
  const socketIoClient = sizeOf(alone.outputFiles[0].contents);
  return { browser, socketIoClient, sdk: { min: browser.min - socketIoClient.min, gzip: browser.gzip - socketIoClient.gzip } };
}

function declarations(): void {
  const [dts] = generateDtsBundle(
    [{ filePath: join(source, 'src', 'index.ts'), output: { noBanner: true, exportReferencedTypes: false } }],
    { preferredConfigPath: join(source, 'tsconfig.lib.json') },
  );
  for (const name of ['index.d.ts', 'index.d.mts', 'index.d.cts']) writeFileSync(join(out, name), dts);
}

/** Builds the package from scratch; returns the measured sizes (also written to sizes.json beside it). */
export async function buildPackage(): Promise<PackageSizes> {
  rmSync(PACKAGE_DIR, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const sizes = await bundles();
  declarations();
  copyFileSync(join(source, 'package.json'), join(PACKAGE_DIR, 'package.json'));
  copyFileSync(join(source, 'README.md'), join(PACKAGE_DIR, 'README.md'));
  writeFileSync(join(root, 'dist', 'libs', 'client-sdk.sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
  return sizes;
}

if (require.main === module) {
  buildPackage().then(
    (sizes) => console.log(JSON.stringify({ package: PACKAGE_DIR, ...sizes })),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
