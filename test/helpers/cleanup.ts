import { afterAll } from 'vitest';
import { removeTempDirs } from './run.js';

// Every test file's temporary folders go when the file is done: a run of the suite made ~2,000
// (some of 400 MB), and repeated runs filled the disk.
afterAll(removeTempDirs);
