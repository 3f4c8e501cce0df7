/** Personal data (KVKK): detection with checksums and redaction with Turkish tags. */
export { detectPersonalData, type PiiOptions } from './detect.js';
export { redactText, PII_TAGS, PII_LABELS } from './redact.js';
export { isValidTckn, isValidTrIban, ibanMod97, luhn, isValidCard, classifyTrPhone, nationalNumber, type PhoneKind } from './validators.js';
