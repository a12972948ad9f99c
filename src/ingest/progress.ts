/**
 * Import progress on stderr: a bar with rows, rate and ETA on a terminal (cli-progress); on a pipe
 * or a log file, one quiet line every `intervalS` seconds instead, so CI logs stay readable.
 */
import cliProgress from "cli-progress";
import type { ImportProgress } from "./import.js";

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  stop(): void;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

function eta(p: ImportProgress): string {
  if (p.bytes <= 0 || p.seconds <= 0) return "?";
  const left = ((p.totalBytes - p.bytes) / p.bytes) * p.seconds;
  return left < 60 ? `${Math.round(left)} s` : `${Math.floor(left / 60)} min ${Math.round(left % 60)} s`;
}

export function progressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  intervalS = 5,
): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: "import |{bar}| {percentage}% | {rows} rows | {rate} rows/s | ETA {left} | {file}",
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const payload = {
          rows: fmt(p.read),
          rate: fmt(p.read / Math.max(p.seconds, 1e-3)),
          left: eta(p),
          file: p.file,
        };
        if (!started) {
          bar.start(p.totalBytes, p.bytes, payload);
          started = true;
        } else bar.update(p.bytes, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(p) {
      if (p.seconds - last < intervalS) return;
      last = p.seconds;
      const pct = p.totalBytes > 0 ? Math.round((100 * p.bytes) / p.totalBytes) : 100;
      stream.write(
        `import: ${p.file}: ${fmt(p.read)} rows (${pct}%), ${fmt(p.read / p.seconds)} rows/s, ETA ${eta(p)}\n`,
      );
    },
    stop() {},
  };
}
