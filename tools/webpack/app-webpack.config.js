// Production bundle of a service: `nx build <app>` -> dist/apps/<app>/{main.js,package.json,package-lock.json}.
// This file is the single source of the build options; each app's project.json target only points
// at its webpack.config.js (options given there would override these, see @nx/webpack
// NxAppWebpackPlugin normalizeOptions).
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

// Packages that NestJS (and @nestjs/swagger) require lazily inside try/catch when an optional
// feature is used. Every node_modules package is external anyway (externalDependencies: 'all'),
// so these requests normally never reach webpack; if one does (e.g. from bundled code) and the
// package is not installed, it is ignored so the require fails softly at run time, as Nest expects,
// instead of failing the build.
const NEST_LAZY_IMPORTS = [
  '@nestjs/microservices',
  '@nestjs/microservices/microservices-module',
  '@nestjs/websockets',
  '@nestjs/websockets/socket-module',
  '@nestjs/platform-express',
  '@nestjs/platform-socket.io',
  '@fastify/static',
  'class-transformer',
  'class-transformer/storage',
  'class-validator',
];

class IgnoreMissingNestLazyImports {
  apply(compiler) {
    new compiler.webpack.IgnorePlugin({
      checkResource(resource) {
        if (!NEST_LAZY_IMPORTS.includes(resource)) return false;
        try {
          require.resolve(resource, { paths: [compiler.context] });
          return false;
        } catch {
          return true;
        }
      },
    }).apply(compiler);
  }
}

/** The webpack config of one app, called from apps/<app>/webpack.config.js. */
function appWebpackConfig(app, appDir) {
  return {
    output: { path: join(appDir, '../../dist/apps', app) },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        // tsc (ts-loader) honours emitDecoratorMetadata, which Nest's dependency injection needs.
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        // workspace libs (@livecast/*, tsconfig paths) are bundled; every node_modules package stays
        // external and is listed in the generated package.json (+ pruned package-lock.json).
        externalDependencies: 'all',
        generatePackageJson: true,
        // no minification: keeps class names (Nest logs and DI tokens) and readable stack traces.
        optimization: false,
        outputHashing: 'none',
        sourceMap: false,
      }),
      new IgnoreMissingNestLazyImports(),
    ],
  };
}

module.exports = { appWebpackConfig };
