/**
 * English comments (about 5% of comments) reach the same directorates as Turkish ones: routing.yaml
 * carries English keywords for every unit. Sentences written for this test, not taken from rules/data.
 */
import { describe, expect, it } from 'vitest';
import { loadRouter } from '../../src/routing/index.js';

const router = loadRouter('rules/routing.yaml');

describe('English comments are routed by English keywords', () => {
  it.each([
    // Before routing.yaml had English keywords these four went to uluslararasi, sks or the triage unit.
    ['My student number is 2019123456 and I cannot login', 'bilgi-islem'],
    ['My scholarship has not been paid this month', 'sks'],
    ['Study rooms are always full, can we book them online?', 'kutuphane'],
    ['I paid twice, when will I get a refund?', 'mali-isler'],
    ['The projector in room 204 does not work', 'idari-isler'],
    ['Any internship offers for chemistry students?', 'kariyer'],
    ['Are there any open positions for research assistants?', 'insan-kaynaklari'],
    ['I need an enrollment certificate for my visa', 'ogrenci-isleri'],
  ])('"%s" → %s', (text, id) => {
    expect(router.route(text).directorate).toBe(id);
  });

  it('a Turkish comment about the student portal still goes to bilgi-islem, not to the English-speaking office', () => {
    expect(router.route('OBS şifremi sıfırladım ama hâlâ giriş yapamıyorum').directorate).toBe('bilgi-islem');
  });
});
