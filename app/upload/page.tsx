import type { Metadata } from "next";
import { UploadForm } from "@/components/upload-form";
import { uploadPanicAction } from "./actions";

export const metadata: Metadata = { title: "Upload" };

export default function UploadPage() {
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Upload a crash summary</h1>
          <p>crash sys/log/bt output, kdump&apos;s vmcore-dmesg.txt, or console/netconsole oops text. Not the vmcore itself.</p>
        </div>
      </div>
      <section className="panel">
        <UploadForm action={uploadPanicAction} />
      </section>
    </>
  );
}
