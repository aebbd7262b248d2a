/**
 * Secrets never printed: a URL's userinfo (`user:password@`) and query (`?token=…`) are
 * credentials as often as not. Every message, log line, report and state file shows URLs
 * through these two functions.
 */

/** The URL without userinfo, query or fragment: scheme, host and path. */
export function redactUrl(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

// A URL in running text ends at white space or a quote/bracket that closes around it.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()[\]{}]+/gi;

/** Text with every URL in it redacted as {@link redactUrl} does. */
export function redactText(text: string): string {
  return text.replace(URL_IN_TEXT, (url) => {
    // A sentence's full stop or comma after the URL is not part of it.
    const trail = /[.,;:!?]+$/.exec(url)?.[0] ?? '';
    return redactUrl(url.slice(0, url.length - trail.length)) + trail;
  });
}
