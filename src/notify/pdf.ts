/**
 * The commune officer's printable letters: one A5 page per owner, in Vietnamese, with the address
 * in both structures, its code, the link and the phone code. pdfkit, with DejaVu Sans embedded
 * (subset): the standard PDF fonts have no Vietnamese tone marks.
 */
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import PDFDocument from "pdfkit";

export const LETTER_FONT_PATH = fileURLToPath(new URL("../../../data/fonts/DejaVuSans.ttf", import.meta.url));

/** What one letter says (a row of the commune's CSV). */
export interface Letter {
  displayCode: string;
  ownerName: string;
  addressNew: string;
  addressOld: string;
  link: string;
  phoneCode: string;
  expiresAt: string;
}

/** Writes `letters` to `path` as a PDF, one page each; resolves once the file is complete. */
export async function writeLettersPdf(path: string, title: string, letters: readonly Letter[]): Promise<void> {
  const doc = new PDFDocument({ size: "A5", margin: 36, autoFirstPage: false, info: { Title: title, Producer: "diachiso" } });
  const done = new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on("finish", resolve);
    out.on("error", reject);
    doc.on("error", reject);
    doc.pipe(out);
  });
  doc.registerFont("letter", LETTER_FONT_PATH);
  doc.font("letter");
  for (const letter of letters) {
    doc.addPage();
    doc.fontSize(14).text("THÔNG BÁO ĐỊA CHỈ SỐ", { align: "center" });
    doc.moveDown(0.5).fontSize(10).text(title, { align: "center" });
    doc.moveDown();
    doc.fontSize(11).text(`Kính gửi: ${letter.ownerName || "Chủ hộ / người quản lý"}`);
    doc.moveDown(0.5).text("Địa chỉ đã được ghi nhận:");
    doc.fontSize(12).text(letter.addressNew);
    if (letter.addressOld) doc.fontSize(9).text(`(Địa chỉ cũ: ${letter.addressOld})`);
    doc.moveDown().fontSize(11).text("Mã địa chỉ số:");
    doc.fontSize(20).text(letter.displayCode);
    doc.moveDown().fontSize(10).text("Xác nhận hoặc đề nghị sửa tại đường dẫn:");
    doc.fontSize(8).text(letter.link);
    doc.moveDown(0.5).fontSize(10).text(`hoặc gọi UBND xã/phường và đọc mã xác nhận: ${letter.phoneCode}`);
    doc.moveDown(0.5).fontSize(9).text(`Đường dẫn có hiệu lực đến ${letter.expiresAt.slice(0, 10)}.`);
  }
  doc.end();
  await done;
}
