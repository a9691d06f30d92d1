import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// base './': every asset URL is relative, so dist/ works from any static server and under any
// sub-path (e.g. /courses/ml/xent/).
export default defineConfig({
  base: './',
  plugins: [react()],
  build: { target: 'es2022', outDir: 'dist', assetsInlineLimit: 0 },
  worker: { format: 'es' },
});
