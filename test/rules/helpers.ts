import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Classifier } from '../../src/rules/engine.js';

/** The project's default rules directory. */
export const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));

/** A stand-in classifier: scores from a fixed function, so tests do not depend on a trained model. */
export function fakeClassifier(score: (t: string) => number = () => 0): Classifier {
  return { name: 'fake', score };
}

/** Create a temporary rules directory with the given files. */
export async function tempRules(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bekci-rules-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}
