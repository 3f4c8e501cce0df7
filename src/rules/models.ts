/**
 * Classifier models referenced by rule files (`models: { offensive: models/offensive-tr.json }`).
 * The classifier module is imported lazily so the engine works before it exists.
 */
import { access, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { ParsedRuleFile, RuleIssue } from './parse.js';

/** A text classifier: `score` is the probability (0..1) that the text is offensive. */
export interface Classifier {
  name: string;
  score(text: string): number;
}

export interface ModelRef {
  name: string;
  file: ParsedRuleFile;
  path: string;
}

/** What the engine needs from the classifier module: read a model file, and score models together. */
interface ClassifierModule {
  readModel(path: string): unknown;
  createClassifierBank(models: unknown[]): Classifier[];
}

async function classifierModule(): Promise<ClassifierModule | null> {
  for (const spec of ['../classifier/index.js', '../classifier/index.ts']) {
    try {
      const mod = (await import(spec)) as Partial<ClassifierModule>;
      if (typeof mod.readModel === 'function' && typeof mod.createClassifierBank === 'function') return mod as ClassifierModule;
    } catch {
      // Not there yet (or not in this build): try the next form.
    }
  }
  return null;
}

/**
 * Load every referenced model not overridden by `overrides`. Returns the classifiers, the model
 * file contents (for the rule-set version) and issues pointing at the `models:` entry. Models that
 * share feature extraction are scored together (`createClassifierBank`).
 */
export async function loadModels(
  dir: string,
  refs: ModelRef[],
  overrides: Record<string, Classifier>,
): Promise<{ classifiers: Map<string, Classifier>; contents: Map<string, Buffer>; issues: RuleIssue[] }> {
  const classifiers = new Map<string, Classifier>(Object.entries(overrides));
  const contents = new Map<string, Buffer>();
  const issues: RuleIssue[] = [];
  const loaded: Array<{ name: string; model: unknown }> = [];
  for (const ref of refs) {
    if (classifiers.has(ref.name) || loaded.some((l) => l.name === ref.name)) continue;
    const full = isAbsolute(ref.path) ? ref.path : join(dir, ref.path);
    try {
      await access(full);
    } catch {
      issues.push(ref.file.issueAt(['models', ref.name], `model dosyası bulunamadı (model file missing): ${ref.path}`));
      continue;
    }
    const mod = await classifierModule();
    if (!mod) {
      issues.push(ref.file.issueAt(['models', ref.name], 'sınıflandırıcı modülü (src/classifier) yüklenemedi (classifier module unavailable)'));
      continue;
    }
    try {
      contents.set(ref.path, await readFile(full));
      loaded.push({ name: ref.name, model: mod.readModel(full) });
    } catch (e) {
      issues.push(ref.file.issueAt(['models', ref.name], `model yüklenemedi (cannot load model): ${(e as Error).message}`));
    }
  }
  const mod = loaded.length ? await classifierModule() : null;
  if (mod) {
    const bank = mod.createClassifierBank(loaded.map((l) => l.model));
    loaded.forEach((l, i) => classifiers.set(l.name, bank[i]!));
  }
  return { classifiers, contents, issues };
}
