/**
 * reachableCopy: root's copy of the PostgreSQL binaries, which the postgres user can execute: made
 * once with the installation's modes and symlinks, reused while the files are the same, made anew
 * when the version or a binary changes.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reachableCopy } from './embedded-binaries.ts';

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'embark-binaries-test-'));
  tempDirs.push(dir);
  return dir;
}

function openTempDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  return dir;
}

after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('reachableCopy', () => {
  function fakeInstallation(): string {
    const dir = path.join(tempDir(), 'native');
    mkdirSync(path.join(dir, 'bin'), { recursive: true });
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'bin', 'postgres'), '#!/bin/sh\necho 17\n', { mode: 0o755 });
    writeFileSync(path.join(dir, 'lib', 'libpq.so.5.17'), 'lib');
    symlinkSync('libpq.so.5.17', path.join(dir, 'lib', 'libpq.so.5'));
    return dir;
  }

  it('copies an installation under the runtime directory with its modes and relative symlinks, once', () => {
    const source = fakeInstallation();
    const runtimeDir = openTempDir();
    const copy = reachableCopy({ dir: source, version: '17.1' }, runtimeDir);
    assert.match(path.basename(copy), /^postgresql-17\.1-[0-9a-f]{16}$/);
    assert.equal(statSync(path.join(copy, 'bin', 'postgres')).mode & 0o777, 0o755);
    assert.equal(statSync(copy).mode & 0o777, 0o755, 'every user can enter it');
    assert.equal(readlinkSync(path.join(copy, 'lib', 'libpq.so.5')), 'libpq.so.5.17');
    const inode = statSync(path.join(copy, 'bin', 'postgres')).ino;
    assert.equal(reachableCopy({ dir: source, version: '17.1' }, runtimeDir), copy, 'the same files give the same copy');
    assert.equal(statSync(path.join(copy, 'bin', 'postgres')).ino, inode, 'which is not copied again');
    assert.deepEqual(readdirSync(runtimeDir), [path.basename(copy)], 'and nothing is left aside');
  });

  it('makes a new copy when the package version or a binary changes', () => {
    const source = fakeInstallation();
    const runtimeDir = openTempDir();
    const first = reachableCopy({ dir: source, version: '17.1' }, runtimeDir);
    const newerVersion = reachableCopy({ dir: source, version: '17.2' }, runtimeDir);
    assert.notEqual(newerVersion, first);
    // same size, other contents: a rebuilt binary
    writeFileSync(path.join(source, 'bin', 'postgres'), '#!/bin/sh\necho 18\n', { mode: 0o755 });
    const rebuilt = reachableCopy({ dir: source, version: '17.2' }, runtimeDir);
    assert.notEqual(rebuilt, newerVersion);
    assert.equal(readFileSync(path.join(rebuilt, 'bin', 'postgres'), 'utf8'), '#!/bin/sh\necho 18\n');
  });
});
