import type { Report } from '../report.js';

/** A report renderer: a pure function from report data to text. */
export interface RendererDef {
  /** Name users type (`--report-format md`). */
  name: string;
  /** One line for help texts. */
  summary: string;
  /** File extension when written to the output folder. */
  extension: string;
  render(report: Report): string;
  /** Command lines that ask for this renderer (`--print` or `--report-format`); checked by test/registries.test.ts. */
  examples: string[];
}
