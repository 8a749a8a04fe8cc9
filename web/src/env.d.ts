// Vite bundles stylesheet imports; TypeScript only needs to know they exist.
declare module '*.css';

// Vite's build-time glob import (used by i18n/messages.ts); declared here rather than pulling in vite/client's
// globals for the whole project.
interface ImportMeta {
  glob<T>(pattern: string, options: { eager: true }): Record<string, T>;
}
