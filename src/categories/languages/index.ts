import da from './da.js';
import de from './de.js';
import en from './en.js';
import type { LanguageDef } from './language.js';
import sv from './sv.js';

/** Languages `feedkit categories` matches in, by the name users type after `--lang`. */
export const languages: Record<string, LanguageDef> = { da, de, en, sv };
