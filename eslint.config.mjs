import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries: apps never import apps; domain libs stay pure (no Nest, NATS or
// socket.io); contracts depend on nothing of ours so the SDK can ship them to browsers.
const depConstraints = [
  // Apps reach NATS only through libs/nats (Bus, MessageStream, TypedBucket): never the raw client.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:transport', 'type:util'], bannedExternalImports: ['nats'] },
  { sourceTag: 'type:transport', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:transport', 'type:domain'] },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'],
    bannedExternalImports: ['nats', 'socket.io', 'socket.io-client', '@nestjs/*', 'express', 'ws'],
  },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'], bannedExternalImports: ['nats', 'socket.io', '@nestjs/*'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: ['nats', 'socket.io', 'socket.io-client', '@nestjs/*', 'node:*'] },
  // The SDK ships to browsers: contracts and the pure libs that run anywhere (e.g. resilience's backoff), nothing Node-only.
  { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: ['type:contracts', 'platform:isomorphic'], bannedExternalImports: ['nats', 'socket.io', '@nestjs/*'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:contracts', 'type:sdk', 'type:util', 'type:domain', 'type:testing', 'type:transport', 'type:demo'] },
  // The demo web app and its server (tools/demo): built on the SDK, started by the dev stack and the browser specs.
  { sourceTag: 'type:demo', onlyDependOnLibsWithTags: ['type:contracts', 'type:sdk', 'type:util'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:sdk', 'type:util', 'type:transport'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:sdk', 'type:util', 'type:transport', 'type:testing', 'type:domain', 'type:demo'] },
];

const boundaries = (constraints) => ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints: constraints }];

// Contracts' specs run in Node only (they read the generated module): node:* is fine there.
const contractsSpecConstraints = depConstraints.map((c) =>
  c.sourceTag === 'type:contracts' ? { ...c, bannedExternalImports: c.bannedExternalImports.filter((name) => name !== 'node:*') } : c,
);

export default [
  { ignores: ['**/node_modules', '**/dist', '**/tmp', '**/coverage', '**/*.js', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(depConstraints),
      'max-lines': ['warn', { max: 400, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['warn', { max: 80, skipBlankLines: true, skipComments: true }],
      complexity: ['warn', 15],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int.spec.ts', 'test/**/*.ts'],
    rules: { 'max-lines-per-function': 'off', 'max-lines': 'off' },
  },
  {
    files: ['libs/contracts/**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(contractsSpecConstraints) },
  },
  {
    // The SDK ships to browsers: only the contracts' client entry, never TypeBox (eval, size; ADR 0015).
    files: ['libs/client-sdk/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@livecast/contracts', message: 'use @livecast/contracts/client' }],
          patterns: [{ group: ['@sinclair/typebox', '@sinclair/typebox/*'], message: 'the SDK validates with the generated checks of @livecast/contracts/client' }],
        },
      ],
    },
  },
];
