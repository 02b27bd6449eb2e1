import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
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
      <PageHeader
        title="Upload crash summaries"
        description="crash sys/log/bt output, kdump's vmcore-dmesg.txt, or console/netconsole oops text. Not the vmcore itself."
      />
      <section className="panel">
        <UploadForm preview={previewUploadAction} upload={uploadItemAction} maxBytes={maxBytes} />
      </section>
    </>
  );
}
