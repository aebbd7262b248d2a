/**
 * How a file written with `"` qualifiers (inner quotes doubled) is rewritten once it is
 * complete. `single`: no value holds `'`, so `'` qualifies every field and inner `"` stand as
 * they are. `typographic`: values hold both, so `"` stays the qualifier and every `"` inside a
 * value becomes “ (at the start of a word) or ” (anywhere else).
 */
export type RequalifyMode = 'single' | 'typographic';

const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const OPENING = Uint8Array.of(0xe2, 0x80, 0x9c); // “
const CLOSING = Uint8Array.of(0xe2, 0x80, 0x9d); // ”

enum State {
  /** Between fields (or before the first). */
  Outside,
  /** Inside a qualified field. */
  Inside,
  /** Inside a field, just after a `"`: a second `"` makes a literal quote, anything else closes the field. */
  AfterQuote,
}

/**
 * The rewrite as a byte-level state machine, chunk by chunk, with no I/O: ASCII quotes never
 * occur inside a UTF-8 multi-byte sequence, so the bytes need no decoding. Memory stays one
 * chunk, whatever the file's size.
 */
export class Requalifier {
  private state = State.Outside;
  /** The byte before the current one inside a field (0 at a field's start), for “ or ”. */
  private previous = 0;

  constructor(private readonly mode: RequalifyMode) {}

  /** Rewrite one chunk; state carries over to the next. */
  push(chunk: Uint8Array): Uint8Array {
    const out = new Uint8Array(chunk.length * 3);
    let o = 0;
    const qualifier = this.mode === 'single' ? APOSTROPHE : QUOTE;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (this.state === State.AfterQuote) {
        if (byte === QUOTE) {
          // A doubled quote: one literal quote inside the value.
          if (this.mode === 'single') out[o++] = QUOTE;
          else {
            const mark = opens(this.previous) ? OPENING : CLOSING;
            out.set(mark, o);
            o += 3;
          }
          this.previous = QUOTE;
          this.state = State.Inside;
          continue;
        }
        out[o++] = qualifier;
        this.state = State.Outside;
      }
      if (this.state === State.Outside) {
        if (byte === QUOTE) {
          out[o++] = qualifier;
          this.state = State.Inside;
          this.previous = 0;
        } else out[o++] = byte;
      } else if (byte === QUOTE) this.state = State.AfterQuote;
      else {
        out[o++] = byte;
        this.previous = byte;
      }
    }
    return out.subarray(0, o);
  }

  /** What is still owed at the end of the file: the qualifier closing the last field. */
  end(): Uint8Array {
    if (this.state !== State.AfterQuote) return new Uint8Array(0);
    this.state = State.Outside;
    return Uint8Array.of(this.mode === 'single' ? APOSTROPHE : QUOTE);
  }
}

/** A quote opens at a value's start or after a space or an opening bracket. */
function opens(previous: number): boolean {
  return (
    previous === 0 ||
    previous === 0x20 ||
    previous === 0x09 ||
    previous === 0x0a ||
    previous === 0x28 ||
    previous === 0x5b ||
    previous === 0x7b
  );
}

/** Rewrite one string at once (tests and small texts). */
export function requalifyText(text: string, mode: RequalifyMode): string {
  const requalifier = new Requalifier(mode);
  const body = requalifier.push(new TextEncoder().encode(text));
  const tail = requalifier.end();
  return new TextDecoder().decode(body) + new TextDecoder().decode(tail);
}
