import csv from './csv.js';
import type { SourceDef } from './source.js';
import xml from './xml.js';

/** Source formats by the name users type in `source.format`; sniffed in this order. */
export const sources: Record<string, SourceDef> = { xml, csv };
