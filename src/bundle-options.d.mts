import type { BuildOptions } from 'esbuild';

/** See bundle-options.mjs. */
export function bundleOptions(root: string): BuildOptions;
