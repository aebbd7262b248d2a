// The GitHub Action's step (action.yml): runs `feedkit convert --dry-run`, writes the Markdown
// report to the job summary, posts or updates one pull-request comment when a token is given,
// emits at most 10 annotations (the rest are listed in the summary), and exits with feedkit's
// code as `fail-on` says. Plain Node 20, no dependencies: the runner has nothing else.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAX_ANNOTATIONS = 10;
/** Marks the comment this action owns, so a new push updates it instead of adding one. */
const MARKER = '<!-- feedkit-report -->';

const env = process.env;
const out = mkdtempSync(join(env.RUNNER_TEMP ?? tmpdir(), 'feedkit-'));
const args = ['convert', env.FEEDKIT_INPUT ?? '', '--mapping', env.FEEDKIT_MAPPING ?? '', '--out', out];
args.push('--dry-run', '--report-format', 'md,github', '--quiet');
for (const channel of (env.FEEDKIT_CHANNELS ?? '')
  .split(',')
  .map((c) => c.trim())
  .filter(Boolean))
  args.push('--channel', channel);
if (env.FEEDKIT_BASELINE) args.push('--baseline', env.FEEDKIT_BASELINE);
if (env.FEEDKIT_MIN_SCORE) args.push('--min-score', env.FEEDKIT_MIN_SCORE);

const [command, ...prefix] = (env.FEEDKIT_COMMAND ?? 'npx --yes feedkit-cli').split(' ');
const run = spawnSync(command, [...prefix, ...args], { encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });
const code = run.status ?? 70;
process.stderr.write(run.stderr ?? '');

// A dry run's reports go to .feedkit/dry-run/ (older versions wrote them into the folder itself).
const read = (name) => {
  for (const dir of [join(out, '.feedkit', 'dry-run'), out])
    if (existsSync(join(dir, name))) return readFileSync(join(dir, name), 'utf8');
  return '';
};
let markdown = read('report.md');
const annotations = read('report.github.txt')
  .split('\n')
  .filter((line) => line.startsWith('::'));
for (const line of annotations.slice(0, MAX_ANNOTATIONS)) process.stdout.write(`${line}\n`);
if (annotations.length > MAX_ANNOTATIONS) {
  // Workflow commands as text: `::error file=…::message` → `- error (file…): message`.
  const rest = annotations.slice(MAX_ANNOTATIONS).map((line) => {
    const match = /^::(\w+) ?([^:]*)::(.*)$/.exec(line);
    const unescaped = (text) =>
      text
        .replaceAll('%0A', ' ')
        .replaceAll('%0D', '')
        .replaceAll('%3A', ':')
        .replaceAll('%2C', ',')
        .replaceAll('%25', '%');
    return match ? `- ${match[1]} ${unescaped(match[2])}: ${unescaped(match[3])}` : `- ${line}`;
  });
  markdown += `\n\n<details><summary>${rest.length} more annotations</summary>\n\n${rest.join('\n')}\n\n</details>\n`;
}
if (markdown === '')
  markdown = `feedkit could not run (exit ${code}):\n\n\`\`\`\n${(run.stderr ?? '').trim()}\n\`\`\`\n`;
if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `exit-code=${code}\n`);

/** The pull request this run is for, from the event file; undefined for pushes and schedules. */
function pullRequest() {
  if (!env.GITHUB_EVENT_PATH || !existsSync(env.GITHUB_EVENT_PATH)) return undefined;
  const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  return event.pull_request?.number ?? (event.issue?.pull_request ? event.issue.number : undefined);
}

async function comment(number) {
  const api = `${env.GITHUB_API_URL ?? 'https://api.github.com'}/repos/${env.GITHUB_REPOSITORY}/issues`;
  const headers = {
    authorization: `Bearer ${env.FEEDKIT_TOKEN}`,
    accept: 'application/vnd.github+json',
    'content-type': 'application/json',
    'user-agent': 'feedkit-action',
  };
  const body = JSON.stringify({ body: `${MARKER}\n${markdown}` });
  const list = await fetch(`${api}/${number}/comments?per_page=100`, { headers });
  if (!list.ok) throw new Error(`listing comments: ${list.status}`);
  const existing = (await list.json()).find((c) => typeof c.body === 'string' && c.body.startsWith(MARKER));
  const response = existing
    ? await fetch(`${api}/comments/${existing.id}`, { method: 'PATCH', headers, body })
    : await fetch(`${api}/${number}/comments`, { method: 'POST', headers, body });
  if (!response.ok) throw new Error(`${existing ? 'updating' : 'posting'} the comment: ${response.status}`);
}

const number = pullRequest();
if (env.FEEDKIT_TOKEN && number !== undefined) {
  try {
    await comment(number);
  } catch (error) {
    // The report is in the summary either way; a comment that fails does not fail the check.
    process.stdout.write(
      `::warning title=feedkit::could not comment on the pull request (${error.message})\n`,
    );
  }
}

const failOn = env.FEEDKIT_FAIL_ON || 'quality';
if (failOn === 'never') process.exitCode = 0;
else if (failOn === 'error' && code === 1) {
  process.stdout.write('::warning title=feedkit::a quality threshold failed (fail-on: error lets it pass)\n');
  process.exitCode = 0;
} else process.exitCode = code;
