/**
 * The comments a chaos campaign posts: insults and advertising (to hide or delete), complaints and
 * requests (to open tickets), clean ones (to allow). The campaign's expectations come from the rule
 * engine's own stored decision for each comment, so these labels only shape the mix.
 */
export type ChaosKind = 'insult' | 'advertising' | 'complaint' | 'request' | 'clean';

export const CHAOS_CORPUS: Record<ChaosKind, readonly string[]> = {
  insult: [
    'Bu videoyu çeken adam tam bir salak, gerizekalı herif.',
    'sen tam bir salaksın',
    'aptal mısın nesin, yönetici olmuşsun bir de',
    'şerefsiz adam, utanmadan paylaşım yapıyor',
    'Kütüphanenin kliması yine bozuk, bu ne rezalet, yöneticiler tam bir g.e.r.i.z.e.k.a.l.ı',
  ],
  advertising: ['Bedava bahis bonusu için hemen tıkla: bit.ly/bahis-kazan 💰', 'Takipçi satın al, ucuz ve hızlı! WhatsApp: bit.ly/takipci-al'],
  complaint: [
    'Yemekhanedeki yemekler yine soğuktu, bu konuda bir şey yapılmasını istiyoruz.',
    'Ring servisleri sabah hiç zamanında gelmiyor, her gün derse geç kalıyoruz.',
    'Yönetimin bu kararı çok yanlış, öğrencileri hiç dinlemiyorsunuz.',
    'Yurttaki sıcak su üç gündür yok, kimse ilgilenmiyor.',
  ],
  request: [
    'Transkript belgemi nasıl alabilirim? Öğrenci işleri telefona çıkmıyor.',
    'Erasmus başvuru sonuçları ne zaman açıklanacak?',
    'Wi-Fi şifresi değişti mi? Öğrenci portalına da giremiyorum.',
    'Kütüphane sınav haftasında gece de açık olacak mı?',
  ],
  clean: [
    'Mezuniyet töreni harikaydı, emeği geçen herkese teşekkürler!',
    'Sıkı çalışan tüm hocalarımıza teşekkürler, sık sık böyle etkinlik yapın.',
    'Harika bir tanıtım olmuş, bölümümle gurur duyuyorum.',
    "Amasya'dan geldim, sıkıntı yok. Malzemeleri götürmek için Koç binasına uğrarım, Allah razı olsun, amin.",
  ],
};

/** How often each kind is drawn (weights). */
export const CHAOS_MIX: ReadonlyArray<[ChaosKind, number]> = [
  ['insult', 3],
  ['advertising', 1],
  ['complaint', 3],
  ['request', 2],
  ['clean', 3],
];
