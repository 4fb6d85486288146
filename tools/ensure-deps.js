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

function upToDate() {
  return existsSync(installed) && statSync(installed).mtimeMs >= statSync(lockfile).mtimeMs;
}

if (!upToDate()) {
  console.error('livecast: installing dependencies from package-lock.json');
  const { status } = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (status !== 0) {
    console.error('livecast: dependency install failed (npm ci)');
    process.exit(1);
  }
}
