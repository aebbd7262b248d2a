import type { TransformDef } from '../transform.js';
import { invalid } from '../value.js';

interface Options {
  /** Base URL that relative paths are resolved against. Default: the mapping's `source.base_url`. */
  base?: string;
  /** Upgrade `http://` links to `https://`. Default false. */
  https?: boolean;
}

/**
 * Already absolute and in the form `URL` would write it (lower-case scheme and host, only
 * characters that need no percent-encoding): the common case, passed without a URL object.
 */
const SIMPLE = /^https?:\/\/[a-z0-9.-]+(?::\d{1,5})?(?:[/?#][\w!#$%&'()*+,./:;=?@~-]*)?$/;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
const HTTP = /^https?:/i;

export default {
  name: 'absolute_url',
  summary: 'Resolve a relative link or image path against a base URL; can force https.',
  shorthand: 'base',
  options: {
    type: 'object',
    additionalProperties: false,
    properties: {
      base: { type: 'string', pattern: '^https?://', description: 'Base URL (default: source.base_url).' },
      https: { type: 'boolean', description: 'Upgrade http:// to https:// (default false).' },
    },
  },
  examples: [
    {
      context: { baseUrl: 'https://www.nordisk-uld.dk' },
      input: '/billeder/dk-1001.jpg',
      output: 'https://www.nordisk-uld.dk/billeder/dk-1001.jpg',
    },
    {
      options: 'https://shop.example/a/',
      input: 'img/hat 1.jpg',
      output: 'https://shop.example/a/img/hat%201.jpg',
    },
    { options: { https: true }, input: 'http://cdn.example/x.jpg', output: 'https://cdn.example/x.jpg' },
    { input: 'javascript:alert(1)', output: { issue: 'invalid-url' } },
    { input: '/no/base.jpg', output: { issue: 'invalid-url' } },
  ],
  create({ base, https = false }, context) {
    const baseText = base ?? context.baseUrl;
    // Parsed once here rather than for every relative path; a bad base is a mapping error.
    let baseUrl: URL | undefined;
    if (baseText !== undefined) {
      try {
        baseUrl = new URL(baseText);
      } catch {
        throw new Error(`base URL "${baseText}" is not a valid URL`);
      }
      if (baseUrl.protocol !== 'http:' && baseUrl.protocol !== 'https:')
        throw new Error(`base URL "${baseText}" is not an http(s) URL`);
    }
    const upgrade = (url: string) => (https && url.startsWith('http:') ? `https:${url.slice(5)}` : url);
    return (value) => {
      if (typeof value !== 'string' || value === '') return value;
      const text = value.trim();
      if (SIMPLE.test(text)) return upgrade(text);
      if (SCHEME.test(text) && !HTTP.test(text)) return invalid('invalid-url', 'an http(s) URL');
      let url: URL;
      try {
        url = new URL(text, baseUrl);
      } catch {
        return invalid('invalid-url', 'an absolute URL or source.base_url');
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return invalid('invalid-url', 'an http(s) URL');
      return upgrade(url.href);
    };
  },
} satisfies TransformDef<Options>;
