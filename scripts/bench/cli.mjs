/**
 * What the two bench runners share on the Node side: flags, writing the JSON, printing the table.
 * (Timing, rows and the Markdown itself are bench/core/*, run inside the page or the Node bundle.)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const DEFAULT_JSON = 'bench-results/bench.json';

const USAGE = `flags:
  --shapes B,T,V[;B,T,V...]  run only these shapes (default: all five)
  --reps N                   timed repetitions for every shape (default: by size)
  --impls a,b,...            run only these (xent-webgpu, cpu, onnxruntime-web,
                             onnxruntime-web-safe, tfjs, read-baseline, exp-baseline)
  --seed N                   seed of the random logits (default 123)
  --json PATH                where to write the JSON (default ${DEFAULT_JSON})
  --driver auto|system       bench:node only: the Vulkan driver Dawn uses. auto (default):
                             VK_ICD_FILENAMES if set, else Chromium's SwiftShader when present;
                             system: the drivers the machine registers (a real GPU)`;

/** Parses `--shapes 2,3,50257;1,16,262144 --reps 5 --json out.json` (also `--flag=value`). */
export function parseFlags(argv) {
  const options = {
    shapes: undefined,
    reps: undefined,
    seed: undefined,
    impls: undefined,
    json: DEFAULT_JSON,
    driver: 'auto',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--shapes') options.shapes = parseShapes(value());
    else if (flag === '--reps') options.reps = positiveInt(flag, value());
    else if (flag === '--seed') options.seed = positiveInt(flag, value(), 0);
    else if (flag === '--impls') options.impls = value().split(',').filter(Boolean);
    else if (flag === '--json') options.json = value();
    else if (flag === '--driver') {
      options.driver = value();
      if (!['auto', 'system'].includes(options.driver))
        fail(`--driver takes auto or system, got "${options.driver}".`);
    } else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else fail(`unknown flag ${flag}.`);
  }
  return options;
}

function parseShapes(text) {
  return text
    .split(/[;\s]+/)
    .filter(Boolean)
    .map((s) => {
      const dims = s
        .replace(/[()[\]]/g, '')
        .split(/[,x×]/)
        .map((d) => Number(d));
      if (dims.length !== 3 || !dims.every((d) => Number.isInteger(d) && d >= 1)) {
        fail(`--shapes takes B,T,V triples separated by ';', got "${s}".`);
      }
      if (dims[2] < 2) fail(`--shapes: the vocabulary V must be at least 2, got "${s}".`);
      return dims;
    });
}

function positiveInt(flag, v, least = 1) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < least) fail(`${flag} takes an integer ≥ ${least}, got "${v}".`);
  return n;
}

function fail(message) {
  console.error(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

/** Prints the table to stdout and writes the report as JSON; returns the absolute JSON path. */
export function emit(report, markdown, jsonPath) {
  const path = resolve(jsonPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  console.log(markdown);
  console.log(`\nJSON: ${path}`);
  return path;
}
