#!/usr/bin/env node
// Runs the TypeScript CLI through tsx so a checkout needs no build step (`npx xinrong …`).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
