import { readdir, realpath, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isLooseTextFile, parseDumpFolderName, selectDumpFiles, type DumpFolder } from "./dump-folder";

/** One file to upload, with the dump folder it sits in (when it is one). */
export interface UploadJob {
  file: string;
  folder: DumpFolder | null;
}

export interface Discovery {
  jobs: UploadJob[];
  /** Paths that could not be read, with the reason. */
  errors: { path: string; message: string }[];
}

const MAX_DEPTH = 6;

function isDumpFolder(name: string, entries: readonly string[]): boolean {
  return parseDumpFolderName(name) !== null || entries.includes("vmcore-dmesg.txt");
}

/**
 * Expands the command line's files and folders into upload jobs. A dump folder (kdump's
 * `<ip>-<date>` name, or any folder holding vmcore-dmesg.txt) contributes the files selectDumpFiles
 * picks; other folders are walked (in name order) for dump folders and loose text files. A file named
 * on the command line is always sent. Each file is listed once even when named twice.
 */
export async function discoverUploads(paths: readonly string[]): Promise<Discovery> {
  const jobs: UploadJob[] = [];
  const errors: Discovery["errors"] = [];
  const seen = new Set<string>();

  const add = async (file: string, folderName: string) => {
    const real = await realpath(file).catch(() => file);
    if (seen.has(real)) return;
    seen.add(real);
    jobs.push({ file, folder: parseDumpFolderName(folderName) });
  };

  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries: string[];
    try {
      entries = (await readdir(dir)).sort();
    } catch (error) {
      errors.push({ path: dir, message: (error as Error).message });
      return;
    }
    if (isDumpFolder(basename(dir), entries)) {
      for (const name of selectDumpFiles(entries)) await add(join(dir, name), basename(dir));
      return;
    }
    for (const name of entries) {
      if (name.startsWith(".")) continue;
      const path = join(dir, name);
      const info = await stat(path).catch(() => null);
      if (info?.isDirectory() && depth < MAX_DEPTH) await walk(path, depth + 1);
      else if (info?.isFile() && isLooseTextFile(name)) await add(path, basename(dir));
    }
  };

  for (const path of paths) {
    const info = await stat(path).catch((error: Error) => error);
    if (info instanceof Error) {
      errors.push({ path, message: info.message });
    } else if (info.isDirectory()) {
      await walk(path, 0);
    } else {
      await add(path, basename(dirname(path)));
    }
  }
  return { jobs, errors };
}
