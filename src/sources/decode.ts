import { TextDecoder } from 'node:util';
import type { Encoding } from './input.js';

/**
 * Bytes → text for each encoding feedkit reads. windows-1252 is decoded here rather than
 * with TextDecoder: Node 20's TextDecoder('windows-1252') drops the bytes 0x80–0x9F
 * (€, dashes, curly quotes) instead of mapping them, so we decode as latin1 (native, fast)
 * and fix that range from the table below.
 */

/** windows-1252 0x80–0x9F; the five bytes it leaves undefined keep their C1 code point. */
const CP1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const C1 = /[\u0080-\u009f]/g;
const fixC1 = (ch: string) => CP1252[ch.charCodeAt(0) - 0x80] as string;

/** A decoder; bytes invalid in the encoding become U+FFFD (UTF-8, UTF-16). */
export function createDecoder(encoding: Encoding): (bytes: Uint8Array) => string {
  switch (encoding) {
    case 'windows-1252':
      return (bytes) => {
        const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
        return C1.test(text) ? text.replace(C1, fixC1) : text;
      };
    case 'iso-8859-1':
      return (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    default: {
      const decoder = new TextDecoder(encoding);
      return (bytes) => decoder.decode(bytes);
    }
  }
}
