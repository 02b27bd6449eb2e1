/** The "RHEL release" filter of list pages: any, a whole major, or one minor release (e.g. 6.3). */
export function ReleaseSelect({ releases, value }: { releases: readonly string[]; value: string | undefined }) {
  const majors = [...new Set(releases.map((r) => r.split(".")[0]!))];
  return (
    <label>
      RHEL release
      <select name="release" defaultValue={value ?? ""}>
        <option value="">Any</option>
        {majors.map((major) => (
          <optgroup key={major} label={`RHEL ${major}`}>
            <option value={major}>RHEL {major} (all)</option>
            {releases
              .filter((r) => r.startsWith(`${major}.`))
              .map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
