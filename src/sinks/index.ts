import acp from './acp.js';
import csv from './csv.js';
import jsonl from './jsonl.js';
import rss from './rss.js';
import type { SinkDef } from './sink.js';
import tsv from './tsv.js';

/** Output formats by the name channel definitions use. */
export const sinks: Record<string, SinkDef> = { acp, csv, jsonl, rss, tsv };
