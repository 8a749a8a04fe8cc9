import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

/** Modules that change rarely and together: one cacheable vendor chunk each. */
const VENDOR_GROUPS: ReadonlyArray<{ name: string; test: RegExp }> = [
  { name: 'vendor-react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/ },
  { name: 'vendor-i18n', test: /[\\/]node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements)[\\/]/ },
  { name: 'vendor-antd', test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs|@babel[\\/]runtime|classnames|clsx|@emotion|stylis|throttle-debounce|compute-scroll-into-view|scroll-into-view-if-needed|json2mq|string-convert|copy-to-clipboard|toggle-selection|is-mobile)[\\/]/ },
];

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is one large vendor chunk by design (cached across portals); warn only well above it.
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        // Vite 8 (Rolldown) successor of rollup's `manualChunks`.
        codeSplitting: {
          groups: VENDOR_GROUPS.map((group, index) => ({
            name: group.name,
            test: group.test,
            priority: VENDOR_GROUPS.length - index,
          })),
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
