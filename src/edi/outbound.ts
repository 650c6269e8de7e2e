import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Where outgoing EDI documents go: a folder a transfer agent picks up today, AS2 or SFTP later. */
export interface EdiOutbound {
  deliver(tenantId: string, partnerId: string, filename: string, content: string): Promise<void>;
}

/**
 * Drops each document into <root>/<tenant>/<partner>/. The file appears whole or not at all (a hidden temp
 * file renamed into place), so an agent polling the folder never picks up half a document; delivering the
 * same name again replaces it.
 */
export class FolderDrop implements EdiOutbound {
  constructor(readonly root: string) {}

  async deliver(tenantId: string, partnerId: string, filename: string, content: string): Promise<void> {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(filename)) throw new RangeError(`"${filename}" is not a plain file name`);
    const dir = this.folder(tenantId, partnerId);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${filename}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await writeFile(tmp, content);
      await rename(tmp, join(dir, filename));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  folder(tenantId: string, partnerId: string): string {
    return join(this.root, pathPart(tenantId), pathPart(partnerId));
  }
}

/** EDI ids may hold any character (slashes, spaces): only a safe form becomes a folder name. */
function pathPart(id: string): string {
  const safe = id.trim().replace(/[^A-Za-z0-9._-]/g, '_');
  if (!safe || /^\.+$/.test(safe)) throw new RangeError(`"${id}" cannot name a folder`);
  return safe;
}

/** O2C_EDI_OUT_DIR, default <O2C_DATA_DIR or ./data>/edi-out (next to the mail folder, outbox-mail). */
export function folderDropFromEnv(env: Record<string, string | undefined> = process.env): FolderDrop {
  return new FolderDrop(resolve(env.O2C_EDI_OUT_DIR?.trim() || join(env.O2C_DATA_DIR?.trim() || './data', 'edi-out')));
}
