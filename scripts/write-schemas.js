#!/usr/bin/env node
// Writes schemas/mapping.schema.json from the built code (npm run schema), so the published
// schema for editors lists exactly the canonical fields and transforms feedkit has.
import { writeFileSync } from 'node:fs';
import { mappingSchema } from '../dist/mapping/schema.js';

writeFileSync(
  new URL('../schemas/mapping.schema.json', import.meta.url),
  `${JSON.stringify(mappingSchema(), null, 2)}\n`,
);
