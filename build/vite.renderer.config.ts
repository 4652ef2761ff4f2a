import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('../renderer', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));

/** The agent desktop bundle: served by the hub at `/` and loaded by the Electron window. */
export default defineConfig({
  root,
  // Relative asset URLs so the same build works from the hub (`/`) and from Electron's app:// protocol.
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // One bundle for a desktop app loaded from disk or loopback; zod (shared contracts) is most of it.
    chunkSizeWarningLimit: 800,
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
