import { setFlagsFromString } from 'node:v8';

// The V8 flags feedkit's code needs, set once before any of it is compiled. Read when a RegExp
// is compiled: V8's linear-time engine after excessive backtracking, for mapping patterns (see
// text/linear-regexp.ts); worker threads share the flag. V8 also checks a code cache against
// the flags (mapping/built-module.ts), so the build and every run set them at the same point.
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
