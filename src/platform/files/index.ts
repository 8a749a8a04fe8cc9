export { matchesType } from './file-type.ts';
