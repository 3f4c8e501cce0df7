import type { Config } from '../config/index.js';
import { PlatformError, type ConnectorAccount, type PlatformEndpoints } from '../platforms/contract.js';
import { createConnector } from '../platforms/registry.js';
import { AccountError } from './service.js';

/** The platform endpoints from configuration (the real APIs unless redirected, e.g. to the emulator). */
export function configuredEndpoints(config: Pick<Config, 'platforms' | 'worker'>): PlatformEndpoints {
  return {
    ...(config.platforms.graphUrl ? { graphUrl: config.platforms.graphUrl } : {}),
    ...(config.platforms.xApiUrl ? { xApiUrl: config.platforms.xApiUrl } : {}),
    ...(config.platforms.youtubeRootUrl ? { youtubeRootUrl: config.platforms.youtubeRootUrl } : {}),
    requestTimeoutMs: config.worker.requestTimeoutMs,
  };
}

/**
 * Tries credentials with one read (the first page of the account's comments) before they are stored,
 * so that a mistyped or expired token is refused at once instead of parking the account on its first
 * poll. Throws an `AccountError` in Turkish; the message never contains the token.
 */
export async function verifyCredentials(account: ConnectorAccount, endpoints: PlatformEndpoints): Promise<void> {
  let connector;
  try {
    connector = createConnector(account, endpoints);
  } catch {
    throw new AccountError(`Bilinmeyen platform: ${account.platform}`);
  }
  try {
    await connector.poll(null);
  } catch (err) {
    const kind = err instanceof PlatformError ? err.kind : 'retryable';
    if (kind === 'auth') {
      throw new AccountError(
        `Erişim anahtarı ${account.platform} tarafından kabul edilmedi (geçersiz, süresi dolmuş ya da yetkisi eksik). Hiçbir şey kaydedilmedi.`,
      );
    }
    if (kind === 'invalid') {
      throw new AccountError(`${account.platform} bu hesabı bulamadı ya da okumaya izin vermedi (kimlik: ${account.externalId}). Hiçbir şey kaydedilmedi.`);
    }
    throw new AccountError(`Anahtar denenemedi: ${account.platform} şu an yanıt vermiyor (${kind}). Hiçbir şey kaydedilmedi; biraz sonra yeniden deneyin.`);
  }
}
