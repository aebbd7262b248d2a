/** An image format the probe recognises by its first bytes. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'bmp' | 'tiff';

/** What the first bytes of a file say about it as an image. */
export interface ImageHeader {
  /** The format its magic bytes name. */
  format: ImageFormat;
  /** Width in pixels, when the bytes read reach it. */
  width?: number;
  /** Height in pixels, when the bytes read reach it. */
  height?: number;
}

/** PNG: the signature, then the IHDR chunk (width and height as 32-bit big-endian). */
export function pngSize(bytes: Uint8Array): ImageHeader | undefined {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!startsWith(bytes, png)) return undefined;
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return { format: 'png' };
  const view = dataView(bytes);
  return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) };
}

/** GIF: `GIF87a` or `GIF89a`, then the logical screen's width and height (16-bit little-endian). */
export function gifSize(bytes: Uint8Array): ImageHeader | undefined {
  const magic = ascii(bytes, 0, 6);
  if (magic !== 'GIF87a' && magic !== 'GIF89a') return undefined;
  if (bytes.length < 10) return { format: 'gif' };
  const view = dataView(bytes);
  return { format: 'gif', width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

/**
 * JPEG: segments from SOI on until a start-of-frame marker (SOF0–SOF15 but DHT, JPG and DAC),
 * whose frame header holds the height, then the width (16-bit big-endian). An Exif thumbnail
 * lives inside APP1 and is skipped with it.
 */
export function jpegSize(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 3 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) return undefined;
  const view = dataView(bytes);
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return { format: 'jpeg' };
    const marker = bytes[at + 1] as number;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      at++;
      continue;
    }
    // Markers without a length: TEM, RST0–7, SOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    const length = view.getUint16(at + 2);
    const frame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (frame) {
      if (at + 9 > bytes.length) return { format: 'jpeg' };
      return { format: 'jpeg', height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    // End of image or start of scan before a frame: nothing more to read here.
    if (marker === 0xd9 || marker === 0xda || length < 2) return { format: 'jpeg' };
    at += 2 + length;
  }
  return { format: 'jpeg' };
}

/**
 * WebP: a RIFF container of form `WEBP` whose first chunk is `VP8 ` (lossy: 14-bit sizes after
 * the key frame's start code), `VP8L` (lossless: 14-bit sizes minus one, packed after the
 * signature byte 0x2f) or `VP8X` (extended: 24-bit canvas sizes minus one).
 */
export function webpSize(bytes: Uint8Array): ImageHeader | undefined {
  if (ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') return undefined;
  const chunk = ascii(bytes, 12, 4);
  const view = dataView(bytes);
  if (chunk === 'VP8 ' && bytes.length >= 30) {
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return { format: 'webp' };
    return {
      format: 'webp',
      width: view.getUint16(26, true) & 0x3fff,
      height: view.getUint16(28, true) & 0x3fff,
    };
  }
  if (chunk === 'VP8L' && bytes.length >= 25) {
    if (bytes[20] !== 0x2f) return { format: 'webp' };
    const bits = view.getUint32(21, true);
    return { format: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X' && bytes.length >= 30) {
    const width = ((bytes[24] as number) | ((bytes[25] as number) << 8) | ((bytes[26] as number) << 16)) + 1;
    const height = ((bytes[27] as number) | ((bytes[28] as number) << 8) | ((bytes[29] as number) << 16)) + 1;
    return { format: 'webp', width, height };
  }
  return { format: 'webp' };
}

/** BMP and TIFF are images the channels take; their sizes are not read (the format is enough to know). */
function otherImage(bytes: Uint8Array): ImageHeader | undefined {
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length >= 26) return { format: 'bmp' };
  const tiff = ascii(bytes, 0, 4);
  if (tiff === 'II*\u0000' || tiff === 'MM\u0000*') return { format: 'tiff' };
  return undefined;
}

/** The image format and size the first bytes of a file give, or undefined when they are not an image's. */
export function imageHeader(bytes: Uint8Array): ImageHeader | undefined {
  return pngSize(bytes) ?? jpegSize(bytes) ?? webpSize(bytes) ?? gifSize(bytes) ?? otherImage(bytes);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  if (bytes.length < at + length) return '';
  let text = '';
  for (let i = at; i < at + length; i++) text += String.fromCharCode(bytes[i] as number);
  return text;
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
