/**
 * The text of a ready document, for the personal-data check: PDF through unpdf (pdf.js, pure JS),
 * DOCX through mammoth. Images have no text layer (no OCR): undefined. A document whose text cannot
 * be read is refused by the caller rather than sent unchecked. Both libraries are loaded on first use:
 * every CLI command would otherwise pay for pdf.js at start.
 */
export async function documentText(doc: { contentType: string; content: Uint8Array }): Promise<string | undefined> {
  if (doc.contentType === 'application/pdf') {
    const { extractText, getDocumentProxy } = await import('unpdf');
    // pdf.js takes ownership of (detaches) the buffer it gets: give it a copy.
    const pdf = await getDocumentProxy(new Uint8Array(doc.content));
    try {
      const { text } = await extractText(pdf, { mergePages: true });
      return text;
    } finally {
      await pdf.destroy();
    }
  }
  if (doc.contentType === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') {
    const { default: mammoth } = await import('mammoth');
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(doc.content) });
    return value;
  }
  return undefined;
}
