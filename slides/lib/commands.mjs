// The commands a doc runs: the lines of the ```bash blocks inside one of its regions, a line that
// ends in a backslash continued by the next. Each keeps its text as the doc writes it.

const FENCE = /^(\s*)```(\w*)\s*$/;

/** [{text}] for every command in the bash blocks of a region's lines. */
export function commandsIn(region) {
  const commands = [];
  let fence = null;
  let current = null;
  for (const raw of region.lines) {
    const marker = FENCE.exec(raw);
    if (marker) {
      fence = fence ? null : { indent: marker[1].length, bash: ['bash', 'sh', 'shell'].includes(marker[2]) };
      continue;
    }
    if (!fence?.bash) continue;
    const line = raw.slice(Math.min(fence.indent, raw.match(/^\s*/)[0].length));
    if (!current && (!line.trim() || line.trim().startsWith('#'))) continue;
    current = current ? `${current}\n${line}` : line;
    if (!line.endsWith('\\')) {
      commands.push({ text: current });
      current = null;
    }
  }
  return commands;
}

/** The commands of a region, or those whose text contains `filter`. */
export function selectCommands(region, filter) {
  const all = commandsIn(region);
  return filter ? all.filter((command) => command.text.includes(filter)) : all;
}
