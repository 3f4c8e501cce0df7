/**
 * The base of bekci's own errors: a failure the person at the terminal or in the console can act on,
 * whose message is already Turkish and safe to show (no secrets, no personal data). The CLI prints
 * such errors without a stack trace.
 */
export class BekciError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
