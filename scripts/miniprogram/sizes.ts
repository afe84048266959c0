// Code package sizes from the official compiler's output: WeChat caps the main package at 2 MB
// (we aim for 1 MB) and each subpackage at 2 MB. Sizes are the bytes of the compiled files, the
// same files an upload zips.

export const MAIN_TARGET_BYTES = 1024 * 1024;
export const PACKAGE_LIMIT_BYTES = 2 * 1024 * 1024;

export interface PackageSize {
  /** '__APP__' for the main package, else the subpackage root. */
  name: string;
  bytes: number;
  files: number;
}

interface AppJson {
  subpackages?: { root: string }[];
  subPackages?: { root: string }[];
}

const bytesOf = (v: string | Buffer): number => (typeof v === 'string' ? Buffer.byteLength(v) : v.length);

/** Splits compiled files (paths relative to the mini program root) into main and subpackages. */
export function packageSizes(files: Record<string, string | Buffer>, app: AppJson): PackageSize[] {
  const roots = [...(app.subpackages ?? app.subPackages ?? [])].map((s) => s.root.replace(/^\/|\/$/g, ''));
  const sizes = new Map<string, PackageSize>([['__APP__', { name: '__APP__', bytes: 0, files: 0 }]]);
  for (const r of roots) sizes.set(r, { name: r, bytes: 0, files: 0 });
  for (const [file, content] of Object.entries(files)) {
    const root = roots.find((r) => file.startsWith(`${r}/`)) ?? '__APP__';
    const s = sizes.get(root) as PackageSize;
    s.bytes += bytesOf(content);
    s.files += 1;
  }
  return [...sizes.values()];
}

/** Problems that must fail the build; a main package over the 1 MB target is only a warning. */
export function sizeProblems(sizes: PackageSize[]): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const s of sizes) {
    const label = s.name === '__APP__' ? 'main package' : `subpackage ${s.name}`;
    if (s.bytes > PACKAGE_LIMIT_BYTES) errors.push(`${label} is ${kb(s.bytes)}, over WeChat's 2 MB limit`);
    else if (s.name === '__APP__' && s.bytes > MAIN_TARGET_BYTES)
      warnings.push(`${label} is ${kb(s.bytes)}, over the 1 MB target`);
  }
  return { errors, warnings };
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
