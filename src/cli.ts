import { Command, CommanderError } from 'commander';
import { categoriesCommand } from './commands/categories.js';
import { channelsCommand } from './commands/channels.js';
import { checkCommand } from './commands/check.js';
import { convertCommand } from './commands/convert.js';
import { diffCommand } from './commands/diff.js';
import { initCommand } from './commands/init.js';
import { inspectCommand } from './commands/inspect.js';
import { log, terminal } from './commands/terminal.js';
import { transformsCommand } from './commands/transforms.js';
import { FeedkitError, formatError, INTERNAL_ERROR_EXIT, isKnownError, outputError } from './model/errors.js';
import { VERSION } from './model/version.js';
import {
  deferWhileCommitting,
  Interrupted,
  isCommitting,
  publishPhase,
  runInterruptCleanups,
} from './publish/interrupt.js';

// Each command is defined in src/commands/ and loads what it runs only when it runs, so
// `feedkit --version` and `--help` load no parser, validator or mapping compiler.
const program = new Command('feedkit')
  .description(
    'Stream supplier CSV through a YAML mapping into validated product feeds, a rejects file and a report.',
  )
  .version(VERSION, '-V, --version')
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .exitOverride();
// As program.command() does: exit override, output and help-after-error apply to each command.
for (const command of [
  convertCommand(),
  diffCommand(),
  checkCommand(),
  channelsCommand(),
  transformsCommand(),
  inspectCommand(),
  initCommand(),
  categoriesCommand(),
])
  program.addCommand(command.copyInheritedSettings(program));

async function main(): Promise<void> {
  // `feedkit channels google | head`: a reader that stops early is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  // SIGINT/SIGTERM: remove this run's temporary files and its lock, keep the previous feeds.
  // `on`, not `once`: ora's cursor restorer (signal-exit) re-raises a signal that has no other
  // listener left, which would kill the process before the clean-ups finish. A second signal
  // while they run ends the process at once.
  // During a commit the signal waits for it to end (it is short), and the message then says
  // truthfully whether the run was published.
  let interrupted = false;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.on(signal, () => {
      if (interrupted) {
        if (!isCommitting()) process.exit(code);
        return;
      }
      interrupted = true;
      terminal.activeSpinner?.stop();
      const stop = () => {
        const published = publishPhase() === 'published';
        log(
          'error',
          'interrupted',
          published
            ? `interrupted (${signal}) after the run was published; its feeds are in place`
            : `interrupted (${signal}); nothing published, previous outputs kept`,
          { published },
        );
        void runInterruptCleanups().finally(() => process.exit(code));
      };
      if (!deferWhileCommitting(stop)) stop();
    });
  }
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    // A run an interrupt stops: the signal handler says so and exits.
    if (interrupted || error instanceof Interrupted) return;
    const known = isKnownError(error) ? error : outputError(error);
    if (known !== undefined) {
      const errors = known instanceof FeedkitError ? [known] : known.errors;
      for (const e of errors)
        log('error', 'failed', formatError(e), { code: e.code, file: e.file, line: e.line, col: e.col });
      process.exitCode = known.exitCode;
      return;
    }
    // A bug: its stack trace helps whoever fixes it (secrets redacted all the same).
    const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    log(
      'error',
      'internal-error',
      `internal error (a bug in feedkit), please report this with the lines below:\n${stack}`,
      {
        stack,
      },
    );
    process.exitCode = INTERNAL_ERROR_EXIT;
  }
}

// Not a top-level await: the CLI also runs as a CommonJS bundle (scripts/bundle.js); main()
// answers every error itself.
void main();
