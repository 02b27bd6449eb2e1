import type { Metadata } from "next";
import { UploadForm } from "@/components/upload-form";
import { loadEnv } from "@/lib/env";
import { previewUploadAction, uploadItemAction } from "./actions";

export const metadata: Metadata = { title: "Upload" };
export const dynamic = "force-dynamic";

/** Server actions accept request bodies up to 1 MB unless next.config raises serverActions.bodySizeLimit. */
const ACTION_BODY_LIMIT = 1024 * 1024 - 16 * 1024;

export default function UploadPage() {
  const maxBytes = Math.min(loadEnv().PANICBOARD_MAX_UPLOAD_BYTES, ACTION_BODY_LIMIT);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Upload crash summaries</h1>
          <p>crash sys/log/bt output, kdump&apos;s vmcore-dmesg.txt, or console/netconsole oops text. Not the vmcore itself.</p>
        </div>
      </div>
      <section className="panel">
        <UploadForm preview={previewUploadAction} upload={uploadItemAction} maxBytes={maxBytes} />
      </section>
    </>
  );
}
