/**
 * What a file-system error means for a person, in words, so that every capability and door says
 * "the folder … does not exist" rather than ENOENT.
 */
import { accessSync } from "node:fs";
import { dirname, resolve } from "node:path";

/** What a file-system error at `path` means for the user ("the folder … does not exist"), or null when it is not one. */
export function fileProblem(error: unknown, path: string): string | null {
  switch ((error as NodeJS.ErrnoException).code) {
    case "ENOENT":
      return `the folder ${dirname(resolve(path))} does not exist`;
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "EISDIR":
      return "it is a folder";
    case "EACCES":
    case "EPERM":
      return "no permission";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return null;
  }
}

/** Whether this process may access `path` as `mode` asks (fs.constants.R_OK, W_OK, …), without throwing. */
export function canAccess(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}
