import type { Metadata } from "next";
import { UploadForm } from "@/components/upload-form";
import { loadEnv } from "@/lib/env";
import { previewUploadAction, uploadItemAction } from "./actions";

export const metadata: Metadata = { title: "Upload" };
export const dynamic = "force-dynamic";

export default function UploadPage() {
  // next.config.ts sizes the server actions' body limit from the same variable.
  const maxBytes = loadEnv().PANICBOARD_MAX_UPLOAD_BYTES;
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Upload crash summaries</h1>
          <p>
            crash sys/log/bt output, kdump&apos;s vmcore-dmesg.txt, or console/netconsole oops text. Not the vmcore
            itself.
          </p>
        </div>
      </div>
      <section className="panel">
        <UploadForm preview={previewUploadAction} upload={uploadItemAction} maxBytes={maxBytes} />
      </section>
    </>
  );
}
