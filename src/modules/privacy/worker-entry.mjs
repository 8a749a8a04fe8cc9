// Worker threads run the TypeScript task file through tsx, as bin/xinrong.mjs does for the CLI.
import { register } from 'tsx/esm/api';

register();
await import('./worker-tasks.ts');
