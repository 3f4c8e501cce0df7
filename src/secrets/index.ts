export { Vault } from './vault.js';
export { SecretKeyError, generateKey, parseKey, encrypt, decrypt } from './crypto.js';
