/** A one-line progress bar on stderr (TTY: redrawn in place; otherwise a line every 10%). */
export function progressBar(total: number | undefined, label: string) {
  const tty = process.stderr.isTTY;
  let done = 0;
  let lastDecile = -1;
  const width = 30;
  const draw = () => {
    if (total) {
      const ratio = Math.min(1, done / total);
      const bar = '#'.repeat(Math.round(ratio * width)).padEnd(width, '.');
      const line = `${label} [${bar}] ${done}/${total}`;
      if (tty) process.stderr.write(`\r${line}`);
      else if (Math.floor(ratio * 10) !== lastDecile) {
        lastDecile = Math.floor(ratio * 10);
        process.stderr.write(line + '\n');
      }
    } else if (tty) process.stderr.write(`\r${label} ${done}`);
    else if (done % 100 === 0) process.stderr.write(`${label} ${done}\n`);
  };
  return {
    tick(n = 1) {
      done += n;
      draw();
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
