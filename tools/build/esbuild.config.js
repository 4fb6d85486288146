// esbuild options of every app's `nx build` (@nx/esbuild:esbuild, options in nx.json targetDefaults).
// esbuild bundles main.ts with the @livecast/* libs (tsconfig paths) into dist/apps/<app>/main.js;
// every npm package stays external and is listed in the generated package.json + package-lock.json.
const { readFile } = require('node:fs/promises');
const { transform } = require('@swc/core');

// esbuild drops `emitDecoratorMetadata` (it needs types), and Nest's injection reads the
// `design:paramtypes` it emits. SWC emits it as @swc-node/register does when the apps run from
// source, with the same options it derives from tsconfig.base.json, so tests and bundles agree.
const SWC_OPTIONS = {
  swcrc: false,
  configFile: false,
  sourceMaps: false,
  module: { type: 'es6' },
  jsc: {
    target: 'es2022',
    keepClassNames: true,
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: true },
  },
};

const swcDecoratorMetadata = {
  name: 'swc-decorator-metadata',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const { code } = await transform(await readFile(path, 'utf8'), { ...SWC_OPTIONS, filename: path });
      return { contents: code, loader: 'js' };
    });
  },
};

module.exports = {
  // npm packages are never bundled: Nest and swagger require optional packages lazily.
  packages: 'external',
  target: 'node20',
  outExtension: { '.js': '.js' },
  plugins: [swcDecoratorMetadata],
};
