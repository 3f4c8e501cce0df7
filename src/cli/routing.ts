/** `bekci routing explain "TEXT"`: which directorate a comment would go to, and why. */
import type { Command } from 'commander';
import { loadRouter } from '../routing/index.js';
import type { CliContext } from './context.js';

export function registerRoutingCommands(program: Command, ctx: CliContext): void {
  const routing = program.command('routing').description('şikâyet ve taleplerin birimlere yönlendirilmesi');
  const load = (file?: string) => {
    const c = ctx.config();
    return loadRouter(file ?? c.routing.file, { minConfidence: c.routing.minConfidence });
  };
  routing
    .command('check')
    .description('routing.yaml dosyasını doğrular')
    .option('--file <yol>', 'yönlendirme dosyası')
    .action((o: { file?: string }) => {
      const r = load(o.file);
      ctx.out(`Yönlendirme dosyası geçerli: ${r.file} (${r.directorates.length} birim, ${r.directorates.reduce((n, d) => n + d.examples.length, 0)} örnek)`);
    });
  routing
    .command('explain')
    .description('bir metnin hangi birime, hangi güvenle gideceğini gösterir')
    .argument('<text>', 'yorum metni')
    .option('--file <yol>', 'yönlendirme dosyası')
    .option('--json', 'JSON çıktı')
    .action((text: string, o: { file?: string; json?: boolean }) => {
      const r = load(o.file);
      const res = r.route(text);
      if (o.json) return ctx.out(JSON.stringify(res));
      const name = (id: string): string => r.directorate(id)?.name ?? id;
      ctx.out(`Birim: ${name(res.directorate)} [${res.directorate}]`);
      ctx.out(`Güven: ${res.confidence.toFixed(2)} (eşik ${r.minConfidence})`);
      if (res.predicted !== res.directorate)
        ctx.out(`Sınıflandırıcının tahmini ${res.predicted}; güven eşiğin altında, ön değerlendirme için ${res.directorate} birimine.`);
      const hits = Object.entries(res.keywordHits).map(([id, kws]) => `${id}: ${kws.join(', ')}`);
      if (hits.length) ctx.out(`Anahtar kelimeler: ${hits.join('; ')}`);
      ctx.out(
        `Diğer adaylar: ${res.alternatives
          .slice(1)
          .map((a) => `${a.id} ${a.p.toFixed(2)}`)
          .join(', ')}`,
      );
    });
}
