/**
 * The first bytes of images of a given size, built by hand for the probe's tests: each holds
 * what a header reader looks at (and some padding), not a picture a decoder would draw.
 */

function u16be(n: number): number[] {
  return [(n >> 8) & 0xff, n & 0xff];
}
function u16le(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff];
}
function u32be(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}
function u32le(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
}
function text(s: string): number[] {
  return [...s].map((c) => c.charCodeAt(0));
}
const padding = (n: number) => new Array<number>(n).fill(0);

export function png(width: number, height: number, extra = 64): Buffer {
  const ihdr = [...u32be(width), ...u32be(height), 8, 2, 0, 0, 0];
  return Buffer.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...u32be(13),
    ...text('IHDR'),
    ...ihdr,
    ...u32be(0),
    ...padding(extra),
  ]);
}

/** A JPEG with a JFIF APP0, an APP1 whose data holds a false SOF marker, then SOF0 (or SOF2). */
export function jpeg(width: number, height: number, progressive = false, extra = 64): Buffer {
  const app0 = [0xff, 0xe0, ...u16be(16), ...text('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const app1Data = [...text('Exif'), 0, 0, 0xff, 0xc0, 0, 17, 8, 0, 1, 0, 1];
  const app1 = [0xff, 0xe1, ...u16be(app1Data.length + 2), ...app1Data];
  const sof = [
    0xff,
    progressive ? 0xc2 : 0xc0,
    ...u16be(17),
    8,
    ...u16be(height),
    ...u16be(width),
    3,
    ...padding(9),
  ];
  return Buffer.from([0xff, 0xd8, ...app0, ...app1, ...sof, ...padding(extra), 0xff, 0xd9]);
}

export function gif(width: number, height: number, extra = 32): Buffer {
  return Buffer.from([...text('GIF89a'), ...u16le(width), ...u16le(height), 0, 0, 0, ...padding(extra)]);
}

function riff(chunk: string, data: number[]): Buffer {
  const body = [...text('WEBP'), ...text(chunk), ...u32le(data.length), ...data];
  return Buffer.from([...text('RIFF'), ...u32le(body.length), ...body]);
}

/** Lossy WebP: a key frame's tag, the start code 9d 01 2a, then 14-bit width and height. */
export function webpLossy(width: number, height: number): Buffer {
  return riff('VP8 ', [
    0x10,
    0x02,
    0x00,
    0x9d,
    0x01,
    0x2a,
    ...u16le(width),
    ...u16le(height),
    ...padding(16),
  ]);
}

/** Lossless WebP: the signature 0x2f, then width − 1 and height − 1 in 14 bits each. */
export function webpLossless(width: number, height: number): Buffer {
  const bits = ((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14);
  return riff('VP8L', [0x2f, ...u32le(bits), ...padding(16)]);
}

/** Extended WebP: flags, then the canvas' width − 1 and height − 1 in 24 bits each. */
export function webpExtended(width: number, height: number): Buffer {
  const w = width - 1;
  const h = height - 1;
  return riff('VP8X', [
    0,
    0,
    0,
    0,
    w & 0xff,
    (w >> 8) & 0xff,
    (w >> 16) & 0xff,
    h & 0xff,
    (h >> 8) & 0xff,
    (h >> 16) & 0xff,
  ]);
}
