/**
 * Every bug file of the catalogue, imported statically so that the catalogue loads the same way under
 * tsx (CLI), vitest and a Next.js server bundle (no directory reads at run time).
 * Adding a bug: add its JSON file here and import it below; catalogue.test.ts fails on a file left out.
 */

import cve_2012_4565 from "./CVE-2012-4565.json";
import cve_2014_0101 from "./CVE-2014-0101.json";
import cve_2019_11477 from "./CVE-2019-11477.json";
import rhbz_675815 from "./RHBZ-675815.json";
import rhbz_785959 from "./RHBZ-785959.json";
import rhbz_786956 from "./RHBZ-786956.json";
import rhbz_843771 from "./RHBZ-843771.json";
import rhel6_tcp_v4_err from "./rhel6-tcp_v4_err-BUG_ON-skb.json";

/** File name (without `.json`) -> raw content, still to be validated by knownBugSchema. */
export const BUG_FILES: Readonly<Record<string, unknown>> = {
  "rhel6-tcp_v4_err-BUG_ON-skb": rhel6_tcp_v4_err,
  "CVE-2019-11477": cve_2019_11477,
  "CVE-2012-4565": cve_2012_4565,
  "CVE-2014-0101": cve_2014_0101,
  "RHBZ-675815": rhbz_675815,
  "RHBZ-785959": rhbz_785959,
  "RHBZ-786956": rhbz_786956,
  "RHBZ-843771": rhbz_843771,
};
