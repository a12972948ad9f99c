/**
 * CPU seconds used by the calling thread (Linux: /proc/thread-self/stat, 10 ms ticks), or null
 * where that is not available. The import reports it per thread, so a run shows which of the
 * writer and the parser limits the rate; `process.cpuUsage()` would add the two together.
 */
import { readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ, fixed at 100 on Linux for /proc

export function threadCpuSeconds(): number | null {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "utf8");
    // Fields after the command name (which may hold spaces and parentheses): state is first.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
