import { cache } from "react";
import { type ChangelogStreamStatus, getChangelogStatus } from "../services/changelogs";

/** Per stream: the newest kernel build whose changelog is known, builds and entries, bundled and imported. */
export const listChangelogStreams = cache(async function listChangelogStreams(): Promise<ChangelogStreamStatus[]> {
  return getChangelogStatus();
});
