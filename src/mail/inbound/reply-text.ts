/**
 * The new text of a reply, without the quoted original and the signature. Mail clients mark the
 * quote differently; these are the markers Turkish and English clients (Outlook, Gmail, Thunderbird,
 * Apple Mail, Roundcube) put in the plain-text part:
 * - an attribution line ("On … wrote:", "… tarihinde … şunu yazdı:", "… yazdı:"),
 * - an Outlook separator ("-----Original Message-----", "-----Özgün İleti-----", "________"),
 * - a forwarded header block ("From:"/"Kimden:" followed by "Sent:"/"Gönderildi:"…),
 * - `>`-quoted lines,
 * - the signature delimiter "-- " and "Sent from my …" / "… gönderildi" lines.
 * Everything from the first marker on is dropped.
 */
const CUT_MARKERS: RegExp[] = [
  /^\s*-{2,}\s*(original message|özgün ileti|orijinal ileti|orijinal mesaj|forwarded message|iletilen ileti)\s*-{2,}\s*$/i,
  /^\s*_{10,}\s*$/,
  /^\s*(on|le|am)\s.+\s(wrote|écrit|schrieb)\s*:\s*$/i,
  /^.*tarihinde.*(yazdı|şunu yazdı)\s*:\s*$/i,
  /^.*\s(şunu yazdı|yazdı)\s*:\s*$/i,
  /^\s*(from|kimden)\s*:\s.+$/i,
  /^-- ?$/,
  /^\s*(sent from my|iphone'?umdan gönderildi|android'?imden gönderildi|outlook'?tan gönderildi|get outlook for)/i,
];

export function extractReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (CUT_MARKERS.some((re) => re.test(line))) break;
    // A two-line attribution ("On Mon, 1 Jan 2026 at 10:00, Ali <ali@x>\nwrote:").
    if (/^\s*(wrote|yazdı|şunu yazdı)\s*:\s*$/i.test(lines[i + 1] ?? '') && !/^\s*>/.test(line)) break;
    if (/^\s*>/.test(line)) {
      // A quote block: skip it; text after it (inline answers) is kept.
      continue;
    }
    out.push(line);
  }
  return out
    .join('\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
