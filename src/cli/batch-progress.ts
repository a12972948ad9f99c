/**
 * Progress of a CSV batch on stderr: a bar with rows, rate and ETA on a terminal (cli-progress, as
 * the import shows its own); on a pipe or a log, one quiet line every `intervalS` seconds instead.
 * The input's size in bytes is what the bar fills to: a file's size is known before it is read.
 */
import cliProgress from "cli-progress";
import type { BatchProgress } from "../services/batch-geocode.js";

export interface BatchProgressReporter {
  update(progress: BatchProgress): void;
  stop(): void;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export function batchProgressReporter(
  what: string,
  totalBytes: number,
  stream: NodeJS.WriteStream = process.stderr,
  intervalS = 5,
): BatchProgressReporter {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const eta = (p: BatchProgress) => {
    if (p.bytes <= 0) return "?";
    const left = ((totalBytes - p.bytes) / p.bytes) * seconds();
    return left < 60 ? `${Math.round(left)} s` : `${Math.floor(left / 60)} min ${Math.round(left % 60)} s`;
  };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${what} |{bar}| {percentage}% | {rows} rows | {rate} rows/s | ETA {left}`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(totalBytes, 0, { rows: "0", rate: "0", left: "?" });
    return {
      update: (p) =>
        bar.update(p.bytes, {
          rows: fmt(p.rows),
          rate: fmt(p.rows / Math.max(seconds(), 1e-3)),
          left: eta(p),
        }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  return {
    update(p) {
      const now = seconds();
      if (now - last < intervalS) return;
      last = now;
      const pct = totalBytes > 0 ? Math.round((100 * p.bytes) / totalBytes) : 100;
      stream.write(`${what}: ${fmt(p.rows)} rows (${pct}%), ${fmt(p.rows / now)} rows/s, ETA ${eta(p)}\n`);
    },
    stop() {},
  };
}
