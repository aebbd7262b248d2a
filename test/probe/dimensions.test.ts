import { describe, expect, it } from 'vitest';
import { gifSize, imageHeader, jpegSize, pngSize, webpSize } from '../../src/probe/dimensions.js';
import { gif, jpeg, png, webpExtended, webpLossless, webpLossy } from '../helpers/images.js';

describe('image dimensions from the first bytes', () => {
  it('reads a PNG IHDR', () => {
    expect(pngSize(png(640, 480))).toEqual({ format: 'png', width: 640, height: 480 });
    expect(pngSize(png(640, 480).subarray(0, 12))).toEqual({ format: 'png' });
    expect(pngSize(gif(1, 1))).toBeUndefined();
  });

  it('reads a JPEG SOF0 and SOF2, skipping an APP1 that holds a false marker', () => {
    expect(jpegSize(jpeg(1200, 800))).toEqual({ format: 'jpeg', width: 1200, height: 800 });
    expect(jpegSize(jpeg(99, 4000, true))).toEqual({ format: 'jpeg', width: 99, height: 4000 });
    // Cut before the frame header: a JPEG of unknown size.
    expect(jpegSize(jpeg(1200, 800).subarray(0, 30))).toEqual({ format: 'jpeg' });
    expect(jpegSize(png(1, 1))).toBeUndefined();
  });

  it('reads WebP VP8, VP8L and VP8X', () => {
    expect(webpSize(webpLossy(300, 200))).toEqual({ format: 'webp', width: 300, height: 200 });
    expect(webpSize(webpLossless(16383, 1))).toEqual({ format: 'webp', width: 16383, height: 1 });
    expect(webpSize(webpExtended(5000, 70000))).toEqual({ format: 'webp', width: 5000, height: 70000 });
    expect(webpSize(Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVEfmt '))).toBeUndefined();
  });

  it('reads a GIF logical screen', () => {
    expect(gifSize(gif(250, 249))).toEqual({ format: 'gif', width: 250, height: 249 });
    expect(gifSize(Buffer.from('GIF87a'))).toEqual({ format: 'gif' });
  });

  it('names the format of any of them, and nothing for text', () => {
    expect(imageHeader(webpLossy(10, 20))).toEqual({ format: 'webp', width: 10, height: 20 });
    expect(imageHeader(jpeg(3, 4))?.format).toBe('jpeg');
    expect(imageHeader(Buffer.from('<!doctype html><html>'))).toBeUndefined();
    expect(imageHeader(new Uint8Array(0))).toBeUndefined();
  });
});
