// Named regions: the lines between a `region: NAME` comment and its `endregion` comment, in any
// file of the repository. Slides and docs/talk.md name a region, never a line number, so an edit
// or a move of the code moves what they show. Names are unique across the repository.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, repoPath } from './paths.mjs';

// `// region: NAME` (Java), `# region: NAME` (YAML, properties, args, Makefile),
// `<!-- region: NAME -->` (Markdown, XML); then `// endregion`, `# endregion`, `<!-- endregion -->`.
const MARKER = /^\s*(?:\/\/|#|<!--)\s*(region|endregion)\b:?[ \t]*(.*?)\s*(?:-->)?\s*$/;
const NAME = /^[\w.-]+$/;
const SCANNED = /(\.(java|xml|ya?ml|properties|args|md|mk|sh)|(^|\/)(Makefile|Dockerfile))$/;
// Build output and dependencies hold copies, not sources; slides/ describes the markers, it holds none.
const SKIPPED = new Set(['.git', 'node_modules', 'target', 'build', '.idea', '.cifuzz-corpus', 'slides']);

export function isMarker(line) {
  return MARKER.test(line);
}

/** The regions of one file's text: [{name, file, start, end, lines}] and the problems found. */
export function regionsOf(file, text) {
  const regions = [];
  const problems = [];
  const open = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const marker = MARKER.exec(line);
    if (!marker) {
      return;
    }
    const lineNumber = index + 1;
    if (marker[1] === 'region') {
      if (!NAME.test(marker[2])) {
        problems.push(`${file}:${lineNumber}: region without a name (letters, digits, '.', '_', '-')`);
      } else {
        open.push({ name: marker[2], file, markerLine: lineNumber });
      }
    } else if (open.length === 0) {
      problems.push(`${file}:${lineNumber}: endregion without a region`);
    } else {
      const region = open.pop();
      region.start = region.markerLine + 1;
      region.end = lineNumber - 1;
      region.lines = lines.slice(region.start - 1, region.end);
      regions.push(region);
    }
  });
  for (const region of open) {
    problems.push(`${file}:${region.markerLine}: region ${region.name} has no endregion`);
  }
  return { regions, problems };
}

/** Every region of the repository by name, and every problem (a duplicate name, an unclosed region). */
export function findRegions(root = ROOT) {
  const byName = new Map();
  const problems = [];
  for (const file of scannedFiles(root)) {
    const found = regionsOf(repoPath(file), fs.readFileSync(file, 'utf8'));
    problems.push(...found.problems);
    for (const region of found.regions) {
      const other = byName.get(region.name);
      if (other) {
        problems.push(`region ${region.name} is named twice: ${other.file}:${other.markerLine}`
          + ` and ${region.file}:${region.markerLine}`);
      } else {
        byName.set(region.name, region);
      }
    }
  }
  return { regions: byName, problems };
}

/** What a slide shows of a region: its lines without nested markers, dedented, blank edges trimmed. */
export function excerpt(region) {
  const lines = region.lines.filter((line) => !isMarker(line));
  while (lines.length && !lines[0].trim()) lines.shift();
  while (lines.length && !lines.at(-1).trim()) lines.pop();
  const indents = lines.filter((line) => line.trim()).map((line) => line.match(/^\s*/)[0].length);
  const indent = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(indent)).join('\n');
}

/** The language a code fence of this file is highlighted as. */
export function languageOf(file) {
  const name = path.basename(file);
  if (name === 'Makefile' || name.endsWith('.mk')) return 'makefile';
  if (name === 'Dockerfile') return 'dockerfile';
  const extension = path.extname(name).slice(1);
  return { yml: 'yaml', sh: 'bash', md: 'markdown', args: 'bash' }[extension] ?? extension;
}

function* scannedFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) {
      yield* scannedFiles(path.join(dir, entry.name));
    } else if (entry.isFile() && SCANNED.test(entry.name)) {
      yield path.join(dir, entry.name);
    }
  }
}
