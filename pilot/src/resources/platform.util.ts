/**
 * DIRAC's platform string (`dirac-platform`): OS, machine and C library, e.g.
 * `Linux_x86_64_glibc-2.36`. Site admins and JDL `Platform` requirements use it to tell binary
 * compatibility; without glibc (musl, other systems) the library part is left out.
 */
export function platformString(osName: string, machine: string, glibcVersion: string | null): string {
  const base = `${osName}_${machine}`;
  return glibcVersion ? `${base}_glibc-${glibcVersion}` : base;
}
