#!/usr/bin/env node
// Installs dependencies from the lockfile when node_modules is missing or older than it,
// so `npm start` and `npm test` work on a fresh clone. Plain Node: it runs before any
// dependency exists.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const lockfile = join(root, 'package-lock.json');
const installed = join(root, 'node_modules', '.package-lock.json');

// npm 11.19 refuses its own lockfiles that list platform-specific optional packages
// (sass-embedded-*, pulled in by @nx/webpack); npm 10 installs the same lockfile.
const FALLBACK_NPM = 'npm@10.9.4';

function upToDate() {
  return existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs;
}

function run(command, args) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' }).status === 0;
}

if (!upToDate()) {
  console.error('livecast: installing dependencies from package-lock.json');
  const ok =
    run('npm', ['ci', '--no-audit', '--no-fund']) ||
    (console.error(`livecast: npm ci failed with this npm; retrying with ${FALLBACK_NPM}`),
    run('npx', ['--yes', FALLBACK_NPM, 'ci', '--no-audit', '--no-fund']));
  if (!ok) {
    console.error('livecast: dependency install failed');
    process.exit(1);
  }
}
