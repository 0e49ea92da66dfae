/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // The main chunk (React, Mantine, the inbox) is ~615 KB minified, ~187 KB gzipped. What
  // counts is the gzipped JS on the inbox's first paint, which `npm run bench -- ui` measures
  // against its 250 KB target, so the raw-size warning is raised, not chased.
  build: { chunkSizeWarningLimit: 700 },
  server: { proxy: { '/api': 'http://localhost:8080', '/socket.io': { target: 'http://localhost:8080', ws: true } } },
  test: { environment: 'jsdom', setupFiles: ['src/test/setup.ts'] },
});
