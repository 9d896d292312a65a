import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import path from 'node:path';

export interface Figure {
  value: number;
  unit: string;
  target?: number;
  better: 'lower' | 'higher';
  note?: string;
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  return `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** bench/results/<name>.json, the machine-readable copy (shared/conventions.md). */
export function writeResults(
  name: string,
  figures: Record<string, Figure>,
  extra: Record<string, unknown> = {},
): void {
  const dir = path.resolve('bench/results');
  mkdirSync(dir, { recursive: true });
  const body = { date: new Date().toISOString(), machine: machine(), figures, ...extra };
  writeFileSync(path.join(dir, `${name}.json`), `${JSON.stringify(body, null, 2)}\n`);
}

/** Replaces this benchmark's section of `doc` (between its markers), or appends it. */
export function writeSection(name: string, markdown: string, doc = 'docs/benchmarks.md'): void {
  const file = path.resolve(doc);
  const start = `<!-- bench:${name}:start -->`;
  const end = `<!-- bench:${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let text = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmarks\n\nFigures measured on our own machines by `npm run bench:*`; each section is rewritten by its benchmark.\n';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  text =
    i >= 0 && j > i
      ? text.slice(0, i) + block + text.slice(j + end.length)
      : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, text);
}

/** A markdown table row for a figure: name, value, target, verdict. */
export function row(label: string, f: Figure): string {
  const ok =
    f.target === undefined
      ? ''
      : (f.better === 'lower' ? f.value <= f.target : f.value >= f.target)
        ? '✅'
        : '❌';
  const target =
    f.target === undefined ? '—' : `${f.better === 'lower' ? '≤' : '≥'} ${f.target} ${f.unit}`;
  return `| ${label} | ${f.value} ${f.unit} | ${target} | ${ok} ${f.note ?? ''} |`;
}
