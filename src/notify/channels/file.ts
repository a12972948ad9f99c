/**
 * The file channel, for communes without connectivity: each letter is a line of
 * `<out>/<province>/<commune>.csv`, written as it is handed over (the receipt names the file and
 * the key), and at the end of the run each commune's CSV becomes its printable PDF
 * (`<commune>.pdf`, every letter of the CSV, written beside it and renamed into place).
 *
 * The CSV is its own receiver's idempotency: opening a commune's CSV reads the keys it holds, so a
 * letter handed over again (a run killed after writing the line, before the store recorded it)
 * is not written twice. A line cut short by a kill is cut off before anything is appended. A PDF
 * older than its CSV (the run that wrote the lines was killed) is written again at the next close.
 *
 * The folder holds live links and phone codes: it is personal data, for the officer only.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, truncateSync, writeSync } from "node:fs";
import { join } from "node:path";
import { csvLine, readCsvTable } from "../../common/csv.js";
import type { Channel } from "../channel.js";
import type { OwnerMessage } from "../message.js";
import { type Letter, writeLettersPdf } from "../pdf.js";

export const LETTER_COLUMNS = ["idempotency_key", "code", "owner_name", "address_new", "address_old", "link", "phone_code", "expires_at"] as const;

interface CommuneFile {
  path: string;
  fd: number;
  keys: Set<string>;
}

export class FileChannel implements Channel {
  readonly name = "file";
  readonly contact = null;
  private readonly open = new Map<string, CommuneFile>();

  /** @param out the folder the communes' files go to (created when missing). */
  constructor(readonly out: string) {}

  async send(message: OwnerMessage): Promise<string> {
    const file = this.communeFile(message.province, message.commune);
    if (!file.keys.has(message.idempotencyKey)) {
      writeSync(
        file.fd,
        csvLine([
          message.idempotencyKey,
          message.displayCode,
          message.recipient.name ?? "",
          message.addressNew,
          message.addressOld ?? "",
          message.link,
          message.phoneCode,
          message.expiresAt.toISOString(),
        ]),
      );
      file.keys.add(message.idempotencyKey);
    }
    return `${file.path}#${message.idempotencyKey}`;
  }

  /** Closes the CSVs and writes the PDF of every commune whose PDF is missing or older than its CSV. */
  async close(): Promise<void> {
    for (const file of this.open.values()) closeSync(file.fd);
    this.open.clear();
    if (!existsSync(this.out)) return;
    for (const province of readdirSync(this.out, { withFileTypes: true })) {
      if (!province.isDirectory()) continue;
      const dir = join(this.out, province.name);
      for (const name of readdirSync(dir)) {
        if (!name.endsWith(".csv")) continue;
        const csv = join(dir, name);
        const pdf = csv.replace(/\.csv$/, ".pdf");
        if (existsSync(pdf) && statSync(pdf).mtimeMs >= statSync(csv).mtimeMs) continue;
        const letters = readLetters(csv);
        if (letters.length === 0) continue;
        const commune = name.replace(/\.csv$/, "");
        await writeLettersPdf(`${pdf}.partial`, `Xã/phường ${commune} · ${letters.length} thư`, letters);
        renameSync(`${pdf}.partial`, pdf);
      }
    }
  }

  private communeFile(province: string, commune: string): CommuneFile {
    const key = `${province}/${commune}`;
    let file = this.open.get(key);
    if (file) return file;
    const dir = join(this.out, province);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${commune}.csv`);
    const keys = new Set<string>();
    if (existsSync(path)) {
      cutUnfinishedLine(path);
      if (statSync(path).size > 0) for (const row of readCsvTable(path).rows) keys.add(row.fields[0]);
    }
    const fresh = !existsSync(path) || statSync(path).size === 0;
    const fd = openSync(path, "a");
    if (fresh) writeSync(fd, csvLine(LETTER_COLUMNS));
    file = { path, fd, keys };
    this.open.set(key, file);
    return file;
  }
}

/** Cuts a last line a killed writer left without its line break. */
function cutUnfinishedLine(path: string): void {
  const bytes = readFileSync(path);
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return;
  truncateSync(path, bytes.lastIndexOf(0x0a) + 1);
}

/** The letters of a commune's CSV, in the order they were written. */
export function readLetters(csv: string): Letter[] {
  const { header, rows } = readCsvTable(csv);
  const column = (name: (typeof LETTER_COLUMNS)[number]) => header.indexOf(name);
  const at = Object.fromEntries(LETTER_COLUMNS.map((name) => [name, column(name)])) as Record<(typeof LETTER_COLUMNS)[number], number>;
  return rows.map(({ fields }) => ({
    displayCode: fields[at.code],
    ownerName: fields[at.owner_name],
    addressNew: fields[at.address_new],
    addressOld: fields[at.address_old],
    link: fields[at.link],
    phoneCode: fields[at.phone_code],
    expiresAt: fields[at.expires_at],
  }));
}
