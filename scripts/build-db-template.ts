// Builds the migrated PGlite template used to start fresh embedded databases quickly (src/platform/db/template.ts).
import { existsSync } from 'node:fs';
import { buildTemplate, openPglite, templatePath } from '../src/platform/db/index.ts';

if (existsSync(templatePath())) {
  console.log(`database template up to date: ${templatePath()}`);
} else {
  const t = performance.now();
  const file = await buildTemplate(() => openPglite({ dataDir: null }));
  console.log(`database template built in ${((performance.now() - t) / 1000).toFixed(1)} s: ${file}`);
}
