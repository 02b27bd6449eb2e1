import { isLoopbackAddress, type DumpFolder } from "./dump-folder";

/** The local kdump target: a loopback dump found here was written by this very machine. */
const LOCAL_CRASH_DIR = "/var/crash/";

/**
 * The `?host=` for one file, or undefined to let the server decide (it takes a crash `sys` header's
 * NODENAME, and answers 422 hostname_required when there is none):
 * 1. --host, for every file;
 * 2. nothing when the text names its host (crash output with NODENAME);
 * 3. the folder's address for a remote dump (NFS/SSH targets name folders after the dumping host's IP);
 * 4. this machine's hostname for a loopback dump under /var/crash (a local kdump);
 * 5. otherwise nothing: a copied tree of 127.0.0.1 folders does not say whose it is.
 */
export function chooseHost(options: {
  flagHost?: string;
  textHostname: string | null;
  folder: DumpFolder | null;
  realPath: string;
  localHostname: string;
}): string | undefined {
  if (options.flagHost) return options.flagHost;
  if (options.textHostname) return undefined;
  if (options.folder && !isLoopbackAddress(options.folder.address)) return options.folder.address;
  if (options.folder && options.realPath.startsWith(LOCAL_CRASH_DIR)) return options.localHostname;
  return undefined;
}
