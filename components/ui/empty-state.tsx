import Link from "next/link";
import type { ReactNode } from "react";
import { uploadHref } from "./links";

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="empty">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** The upload instructions every empty page points to. */
export function UploadHint() {
  return (
    <>
      <p>
        Upload a crash summary (crash <code>sys</code>/<code>log</code>/<code>bt</code> output,{" "}
        <code>vmcore-dmesg.txt</code> or console oops text) on the <Link href={uploadHref()}>Upload</Link> page, or from
        a host:
      </p>
      <pre>{`curl -fsS -H "Authorization: Bearer $PANICBOARD_TOKEN" \\
  -H 'Content-Type: text/plain' --data-binary @vmcore-dmesg.txt \\
  "http://DASHBOARD/api/panics?host=$(hostname)"`}</pre>
      <p>
        To try the dashboard with a generated fleet, run <code>npm run demo</code>.
      </p>
    </>
  );
}

/** How hosts report their running kernel, so that patched hosts leave the Updates list. */
export function AgentHint() {
  return (
    <>
      <p>Roll out the kernel report with the upload agent: after each boot a host sends the kernel it runs.</p>
      <pre>{`curl -fsS -H "Authorization: Bearer $PANICBOARD_TOKEN" \\
  -H 'Content-Type: application/json' -d "{\\"kernelRelease\\": \\"$(uname -r)\\"}" \\
  "http://DASHBOARD/api/hosts/$(hostname)/kernel"`}</pre>
    </>
  );
}
