#!/usr/bin/env -S node --single-threaded-gc --max-semi-space-size=2
import '../dist/cli.js';
