import { stripHtml } from '../../text/html.js';
import { textTransform } from './text-transform.js';

export default textTransform(
  'strip_html',
  'Remove HTML tags, decode entities; blocks become spaces, whitespace collapses.',
  [
    {
      input: '<p>Blød cardigan i 100&nbsp;% uld.</p><ul><li>Knapper i træ</li><li>Håndvask</li></ul>',
      output: 'Blød cardigan i 100 % uld. Knapper i træ Håndvask',
    },
    { input: 'Str.<br/>40&ndash;43 <b>sort</b><script>track()</script>', output: 'Str. 40–43 sort' },
    { input: 'Længde < 5 cm', output: 'Længde < 5 cm' },
    { input: 'Fl&amp;auml;che', output: 'Fl&auml;che' },
  ],
  stripHtml,
);
