import type { Action } from '../../core/decision.js';
import type { EmuPlatform } from '../emulator/types.js';

export interface SampleComment {
  platform: EmuPlatform;
  text: string;
  author: string;
  /** What the default rules are expected to do with it (the demo reports any difference). */
  expect?: Action;
  /** The ticket it should open: a directorate id, true (some directorate), false (no ticket). */
  ticket?: string | boolean;
}

/**
 * The demo's built-in comments: everyday praise and criticism, complaints and requests for different
 * offices, insults (some obfuscated), a threat, advertising, leaked personal data (synthetic numbers
 * that pass their checksums) and the classic false-positive traps of Turkish word filters.
 */
export const SAMPLE_COMMENTS: SampleComment[] = [
  { platform: 'facebook', author: 'Elif', text: 'Mezuniyet töreni harikaydı, emeği geçen herkese teşekkürler!', expect: 'allow', ticket: false },
  {
    platform: 'instagram',
    author: 'mert_k',
    text: 'Yemekhanedeki yemekler yine soğuktu, bu konuda bir şey yapılmasını istiyoruz.',
    expect: 'allow',
    ticket: 'sks',
  },
  { platform: 'x', author: 'ayseg', text: 'Transkript belgemi nasıl alabilirim? Öğrenci işleri telefona çıkmıyor.', expect: 'allow', ticket: 'ogrenci-isleri' },
  { platform: 'youtube', author: 'Can Demir', text: 'Bu videoyu çeken adam tam bir salak, gerizekalı herif.', expect: 'hide', ticket: false },
  {
    platform: 'facebook',
    author: 'Ahmet',
    text: 'Yönetimin bu kararı çok yanlış, öğrencileri hiç dinlemiyorsunuz.',
    expect: 'allow',
    ticket: 'kurumsal-iletisim',
  },
  { platform: 'instagram', author: 'bonus_kral', text: 'Bedava bahis bonusu için hemen tıkla: bit.ly/bahis-kazan 💰', expect: 'hide', ticket: false },
  {
    platform: 'x',
    author: 'deniz',
    text: "Amasya'dan geldim, sıkıntı yok. Malzemeleri götürmek için Koç binasına uğrarım, Allah razı olsun, amin.",
    expect: 'allow',
    ticket: false,
  },
  {
    platform: 'youtube',
    author: 'Zeynep',
    text: 'Kayıt yenileme ekranı açılmıyor, TC kimlik numaram 38412765972, lütfen yardımcı olun.',
    expect: 'hide',
    ticket: true,
  },
  {
    platform: 'facebook',
    author: 'Burak',
    text: 'Kütüphanenin kliması yine bozuk, bu ne rezalet, yöneticiler tam bir g.e.r.i.z.e.k.a.l.ı',
    expect: 'hide',
    ticket: true,
  },
  { platform: 'instagram', author: 'selin', text: 'Erasmus başvuru sonuçları ne zaman açıklanacak?', expect: 'allow', ticket: 'uluslararasi' },
  // A threat is hidden and still opens an urgent ticket (campus security), mailed to management too.
  { platform: 'x', author: 'anon123', text: 'Seni kampüste bulup döveceğim, bekle sen.', expect: 'hide', ticket: 'idari-isler' },
  { platform: 'youtube', author: 'Hakan', text: 'Sıkı çalışan tüm hocalarımıza teşekkürler, sık sık böyle etkinlik yapın.', expect: 'allow', ticket: false },
  {
    platform: 'facebook',
    author: 'Gül',
    text: 'Ring servisleri sabah hiç zamanında gelmiyor, her gün derse geç kalıyoruz.',
    expect: 'allow',
    ticket: 'idari-isler',
  },
  { platform: 'instagram', author: 'followers.tr', text: 'Takipçi satın al, ucuz ve hızlı! WhatsApp: bit.ly/takipci-al', expect: 'hide', ticket: false },
  { platform: 'x', author: 'emre', text: 'Wi-Fi şifresi değişti mi? Öğrenci portalına da giremiyorum.', expect: 'allow', ticket: 'bilgi-islem' },
  { platform: 'youtube', author: 'Derya', text: 'Harika bir tanıtım olmuş, bölümümle gurur duyuyorum.', expect: 'allow', ticket: false },
];
