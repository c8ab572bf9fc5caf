// The deck's fonts travel inside it as data URIs: every machine lays the slides out with the
// fonts the layout test measured, and an SVG shown as an image can use them too.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const FACES = [
  ['Inter', 400, '@fontsource/inter/files/inter-latin-400-normal.woff2'],
  ['Inter', 700, '@fontsource/inter/files/inter-latin-700-normal.woff2'],
  ['JetBrains Mono', 400, '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-400-normal.woff2'],
  ['JetBrains Mono', 700, '@fontsource/jetbrains-mono/files/jetbrains-mono-latin-700-normal.woff2'],
];

/** @font-face rules for every face the deck uses. */
export function fontFaces() {
  return FACES.map(([family, weight, file]) => {
    const data = fs.readFileSync(require.resolve(file)).toString('base64');
    return `@font-face { font-family: '${family}'; font-weight: ${weight}; font-style: normal;`
      + ` src: url(data:font/woff2;base64,${data}) format('woff2'); }`;
  }).join('\n');
}
