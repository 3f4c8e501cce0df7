/**
 * Importance of a complaint or request (the procedure forwards feedback "by importance", and to top
 * management "when needed"):
 * - `urgent`: safety threats, health emergencies, a person reporting harassment, self-harm, leaked
 *   personal data. Notified at once to the directorate and to top management.
 * - `normal`: a complaint (something is wrong).
 * - `low`: a request or question with nothing reported wrong.
 *
 * Urgency is recognised on the redacted text (what the ticket keeps) by Turkish stems matched on the
 * ASCII-folded, lower-cased words, so "taciz", "tacize", "tâciz" and "taciz ediyor" all count. Each
 * group is a stem list plus, where a stem alone is ambiguous, a context it must appear with
 * ("ambulans" alone is news; "ambulans çağırdık gelmiyor" is an emergency).
 */
import { foldAscii } from '../text/index.js';

export const TICKET_PRIORITIES = ['urgent', 'normal', 'low'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Turkish labels for lists and mails. */
export const PRIORITY_TR: Record<TicketPriority, string> = { urgent: 'acil', normal: 'normal', low: 'düşük' };

/** Why a text is urgent: the group and the words that matched. */
export interface UrgencyHit {
  group: 'safety' | 'health' | 'harassment' | 'self_harm' | 'data_leak';
  words: string[];
}

const TOKEN_RE = /[\p{L}\p{N}]+/gu;

/** Stems (ASCII-folded) that are urgent on their own. Multi-word entries match consecutive words. */
const STRONG: Record<UrgencyHit['group'], string[]> = {
  safety: [
    'yangin var',
    'yangin cikt',
    'yangin alarmi cal',
    'yangin merdiveni kilit',
    'yangin olsa',
    'alev al',
    'gaz kokusu',
    'gaz kacag',
    'duman var',
    'bicak',
    'silah',
    'silahl',
    'saldirdi',
    'saldiriya ugra',
    'saldiriyor',
    'saldirgan',
    'olum tehdid',
    'tehdit',
    'mahsur',
    'patladi',
    'patlama',
    'sizinti var',
    'karbonmonoksit',
    'kimyasal dokul',
    'elektrik carp',
    'tavan cokt',
    'sivasi dustu',
    'siva dustu',
    'korkuluk kop',
    'kablo sark',
    'kablosu yere',
    'pesimize tak',
    'pesime tak',
    'pesimden ayrilm',
    'on fire',
    'attacked',
    'weapon',
    'gas leak',
    'is following',
    'guvende hissetm',
    'guvende degil',
    'yurumekten kork',
    'yurumeye kork',
    'devrilmek uzere',
    'devrilecek',
    'devrilebilir',
    'biri dusecek',
    'biri dustu',
    'kivilcim',
    'gizli kamera',
    'kavga cikt',
    'isirdi',
    'dovece',
    'doveriz',
    'taslanmal',
    'oldurece',
    'gebertece',
  ],
  health: [
    'zehirlen',
    'bayildi',
    'bayilan',
    'nefes alamiy',
    'kriz geciri',
    'krizi geciri',
    'nobet geciri',
    'kalp krizi',
    'kanama',
    'kaniyor',
    'yaralandi',
    'yarali',
    'hastanelik',
    'hastanedeyiz',
    'acile kaldir',
    'bilinci kapal',
    'seizure',
    'poisoning',
    'unconscious',
    'ambulans cagir',
    'ambulans gelm',
    'atesi 39',
    'atesi 40',
    'atesi 41',
    'yataktan kalkam',
    'kustu',
    'kusuyor',
    'sara nobet',
    'alerjik sok',
    'alerji krizi',
    'hastaneye kaldir',
  ],
  harassment: [
    'taciz',
    'sarkintilik',
    'cinsel ima',
    'cinsel icerik',
    'mobbing',
    'istismar',
    'gizlice fotograf',
    'gizlice cek',
    'harass',
    'stalk',
    // A person reporting what is done to them: followed, watched, touched, sent obscene messages.
    'beni takip',
    'bizi takip',
    'kizlari takip',
    'ogrencileri takip',
    'pesimden',
    'pesimizden',
    'beni izliyor',
    'pesime takil',
    'pesimde',
    'pesimi birakm',
    'arkamdan yuru',
    'walking behind me',
    'watching me',
    'stares at me',
    'staring at me',
    'bana dokun',
    'bize dokun',
    'elledi',
    'laf atiyor',
    'laf atti',
    'surtun',
    'mustehcen',
    'uygunsuz mesaj',
    'uygunsuz seyler',
    'uygunsuz teklif',
    'vucudumla ilgili',
    'following me',
    'inappropriate messages',
    'touched me',
  ],
  self_harm: [
    'intihar',
    'kendime zarar',
    'kendine zarar',
    'kendimi oldur',
    'kendini oldur',
    'yasamak istemiyorum',
    'olmek istiyorum',
    'canima kiy',
    'canina kiy',
    'suicide',
    'kill myself',
    'self harm',
    'veda ediyor',
    'veda mesaj',
    'hayatina son',
    'hayatima son',
    'bileklerini kes',
    'bilegini kes',
    'kendini as',
    'can t go on',
    'cant go on',
    'end my life',
    'goodbye note',
  ],
  data_leak: [
    'veri sizinti',
    'sizdirildi',
    'sizdirilmis',
    'ifsa',
    'herkese acik duruyor',
    'acik paylasilmis',
    'acikca gorunuyor',
    'kimlik numaralari',
    'tc numaralari',
    'kart bilgileri gorun',
    'hesabim calindi',
    'hesabimi calmis',
    'adima mail at',
    'data leak',
    'leaked',
    'ele gecir',
    'veriler siz',
    'verileri siz',
    'verilerim siz',
    'verilerimiz siz',
    'bilgileri siz',
    'bilgilerim siz',
    'bilgilerimiz siz',
    'hacklen',
    'kvkk ihlal',
    'guvenlik acig',
    'herkesin tc',
    'herkesin adres',
    'herkesin telefon',
    'tc ler',
    'fotograflarimi paylas',
    'fotografim ve numaram',
    'private photos',
  ],
};

interface Compiled {
  group: UrgencyHit['group'];
  parts: string[];
  text: string;
}

const COMPILED: Compiled[] = Object.entries(STRONG).flatMap(([group, stems]) =>
  stems.map((s) => ({ group: group as UrgencyHit['group'], parts: s.split(' '), text: s })),
);

/** Lower-cased (Turkish rules), ASCII-folded words of a text. */
export function foldedWords(text: string): string[] {
  return Array.from(text.toLocaleLowerCase('tr').matchAll(TOKEN_RE), (m) => foldAscii(m[0]));
}

/**
 * Does the word sequence contain the stem phrase? Every part but the last must be a whole word
 * prefix match of at least its length ("gaz kokusu" matches "gaz kokusu var"); each part matches
 * as a word prefix, so Turkish suffixes are allowed ("tacize", "zehirlendik").
 */
function phraseAt(words: readonly string[], parts: readonly string[]): boolean {
  outer: for (let i = 0; i + parts.length <= words.length; i++) {
    for (let j = 0; j < parts.length; j++) if (!words[i + j]!.startsWith(parts[j]!)) continue outer;
    return true;
  }
  return false;
}

/**
 * A person reporting that someone follows or watches them, with words in between ("biri beni
 * kütüphaneden yurda kadar takip etti", "bizi her gece pencereden izliyorlar"): the object pronoun and,
 * within the next six words, a following or watching verb. Imperatives and participles of "takip et"
 * ("beni takip edin", "beni takip edene takip") are adverts' calls to action, not reports.
 */
const WATCHED_OBJECT = new Set(['beni', 'bizi']);
const WATCHING_VERB = /^(?:takip|izliyo|izledi(?:ler)?$|gozetl|gozluyo|suzuyo|kolluyo)/;
const FOLLOW_CALL = /^(?:edin|edene|edenler|edenlere|eder|ederseniz|edersen|et|etsin|edip)$/;

/**
 * True when, within the six words after an object pronoun of `objects`, `at(j)` holds for a word
 * index j; `at` returns null to stop looking after that pronoun.
 */
function afterObject(words: readonly string[], objects: ReadonlySet<string>, at: (j: number) => boolean | null): boolean {
  for (let i = 0; i < words.length; i++) {
    if (!objects.has(words[i]!)) continue;
    for (let j = i + 1; j <= i + 6 && j < words.length; j++) {
      const hit = at(j);
      if (hit === null) break;
      if (hit) return true;
    }
  }
  return false;
}

function reportsBeingWatched(words: readonly string[]): boolean {
  return afterObject(words, WATCHED_OBJECT, (j) => {
    const w = words[j]!;
    if (!WATCHING_VERB.test(w)) return false;
    return w === 'takip' && FOLLOW_CALL.test(words[j + 1] ?? '') ? null : true;
  });
}

/**
 * A person reporting that someone keeps messaging, calling or making remarks to them, with a word of
 * distress or of reporting ("biri bana her gece farklı hesaptan mesaj atıyor, korkuyorum"): the same
 * shape as the complaint rule's branch in rules/50-complaint-request.yaml, so the ticket it opens is
 * urgent. Without such a word ("bana her gün mesaj atıyor 😍") it is not a report.
 */
const MESSAGED_OBJECT = new Set(['bana', 'beni', 'bize']);
const MESSAGING =
  /^(?:mesaj (?:atiyo|gonderiyo|yaziyo)|yazip duruyo|ariyip duruyo|arayip duruyo|laf atiyo|yorum yapiyo|rahatsiz ediyo|taciz ediyo|dokunuyo|elliyo|suzuyo)/;
const DISTRESS = /^(?:rahatsiz|korku|korkuyo|tedirgin|taciz|kime$|nereye$|sikayet|yardim|guvende|unsafe|report)/;

function reportsBeingMessaged(words: readonly string[]): boolean {
  return words.some((w) => DISTRESS.test(w)) && afterObject(words, MESSAGED_OBJECT, (j) => MESSAGING.test(`${words[j]} ${words[j + 1] ?? ''}`));
}

/** Urgency signals in a text, by group (empty when none). */
export function urgencyHits(text: string): UrgencyHit[] {
  const words = foldedWords(text);
  const byGroup = new Map<UrgencyHit['group'], string[]>();
  for (const c of COMPILED) {
    if (!phraseAt(words, c.parts)) continue;
    const list = byGroup.get(c.group) ?? [];
    list.push(c.text);
    byGroup.set(c.group, list);
  }
  if (!byGroup.has('harassment') && reportsBeingWatched(words)) byGroup.set('harassment', ['beni/bizi … takip/izliyor']);
  if (!byGroup.has('harassment') && reportsBeingMessaged(words)) byGroup.set('harassment', ['bana … mesaj atıyor/yorum yapıyor']);
  return [...byGroup].map(([group, w]) => ({ group, words: w }));
}

/**
 * The priority of a ticket from its (redacted) text and kind. Hidden-but-routed comments use the
 * same text the ticket keeps, so the decision is the same at ingest and in `rules eval`.
 */
export function ticketPriority(text: string, kind: 'complaint' | 'request'): TicketPriority {
  if (urgencyHits(text).length > 0) return 'urgent';
  return kind === 'complaint' ? 'normal' : 'low';
}

/**
 * Harassment is urgent when it is a threat to someone's safety, not when it is a question about a
 * person or a remark (those are hidden or held for review, without alarming management). A threat is
 * recognised by the rule that found it (ids starting with `threat-`, and stalking, blackmail and
 * exposure of someone's data) or, for what only the learned model caught, by its shape: the writer
 * announcing what they will do, a first-person future or progressive verb ("bekleyeceğim",
 * "indireceğim", "izliyorum").
 */
const THREAT_RULE = /^(?:threat-|harassment-(?:stalking|watching|blackmail|conditional|expose|if-not-exposed))/;
const FIRST_PERSON_ACTION = /(?<![\p{L}])\p{L}{2,}(?:[ae]c[ae][ğg][ıi]m|[ae]c[ae][ğg][ıi]z|[ae]c[ae]m|[ae]caz|[ae]cez|[ıiuü]yorum|[ıiuü]yoruz)(?![\p{L}])/u;

/** Is this harassment decision a threat (see THREAT_RULE)? */
export function isThreat(categories: readonly string[], text: string, ruleIds: readonly string[] = []): boolean {
  if (!categories.includes('harassment')) return false;
  return ruleIds.some((id) => THREAT_RULE.test(id)) || FIRST_PERSON_ACTION.test(text.toLocaleLowerCase('tr'));
}

/**
 * The priority of whatever a decision leads to: urgent for a threat or an urgency signal in the
 * text; else normal for a complaint or a request about the writer's own case (it carries their
 * personal data), low for other requests; null when the decision is neither urgent nor a complaint or
 * request (no ticket, nothing to prioritise). The worker opens a ticket for every non-null result.
 * Personal data alone is not urgent: most of it is the writer's own number or IBAN given with a
 * complaint (hidden, and the ticket keeps the redacted text); a leak of other people's data is
 * recognised by its words (data_leak).
 */
export function decisionPriority(categories: readonly string[], text: string, ruleIds: readonly string[] = []): TicketPriority | null {
  if (isThreat(categories, text, ruleIds) || urgencyHits(text).length > 0) return 'urgent';
  if (categories.includes('complaint')) return 'normal';
  // A request that carries the writer's own identifiers is about their own case (a refund to this
  // IBAN, "call me on …"), which someone must handle: normal, not a general question.
  if (categories.includes('request')) return categories.includes('private_data') ? 'normal' : 'low';
  return null;
}
