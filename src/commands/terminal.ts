import { redactText } from '../text/redact.js';

/** How stderr lines are written: for people (`feedkit: …`) or as JSON lines for log collectors. */
let logFormat: 'text' | 'json' = 'text';

/** Set by `--log-format`. */
export function setLogFormat(format: 'text' | 'json'): void {
  logFormat = format;
}

/** The current `--log-format`. */
export function currentLogFormat(): 'text' | 'json' {
  return logFormat;
}

/** One line on stderr: what happened, and for JSON logs the data behind it. */
export function log(
  level: 'info' | 'warn' | 'error',
  event: string,
  message: string,
  data: Record<string, unknown> = {},
): void {
  // Every line goes through the redaction: a URL's userinfo and query never reach a log.
  process.stderr.write(
    redactText(
      logFormat === 'json'
        ? `${JSON.stringify({ time: new Date().toISOString(), level, event, message, ...data })}\n`
        : `feedkit: ${message}\n`,
    ),
  );
}

/** The spinner of the command running now, stopped (cursor shown) when a signal ends it. */
export const terminal: { activeSpinner: { stop(): unknown } | undefined } = { activeSpinner: undefined };
