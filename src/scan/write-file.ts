import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Replaces `target` with `text` atomically: the text goes to a temporary file in the same folder
 * (so the rename stays on one file system), is flushed, then renamed over the target. A reader sees
 * the old file or the new one, never half of it. A symlinked target is written through the link, and
 * an existing file keeps its permissions.
 */
export async function writeFileAtomic(target: string, text: string): Promise<void> {
  let real = target;
  try {
    real = await fs.realpath(target);
  } catch {
    // A new file: written where it was named.
  }
  let mode: number | undefined;
  try {
    mode = (await fs.stat(real)).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  const tmp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(tmp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(text, 'utf8');
      // open() applies the umask; chmod restores the existing file's exact mode.
      if (mode !== undefined) await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, real);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}
