import { Command } from 'commander';
import { positiveInt } from './lib/cli-args';
import { invalidInputs, validInputs, VALIDATORS, type ValidationCase } from './lib/validation-cases';
import { printResult, progress, round } from './lib/measure';

/**
 * Per-message cost of validating a `message:send` payload: TypeBox compiled (the
 * contracts lib's choice), zod 4 and valibot strict objects, with JSON.parse of the same
 * payload as the yardstick. Cases are interleaved round by round so background load
 * hits them alike; each reports the median ns/op over the rounds.
 */
const POOL = 1024;

const command = new Command()
  .name('validation')
  .description('ns per message:send validation, by schema library.')
  .option('--iterations <n>', 'calls per sample', positiveInt, 200_000)
  .option('--rounds <n>', 'measured rounds (the median is reported)', positiveInt, 15)
  .option('--warmup-rounds <n>', 'rounds run before measuring', positiveInt, 3)
  .parse();

interface Timed {
  name: string;
  /** Runs `iterations` calls over the input pool; returns how many were accepted. */
  run(iterations: number): number;
  expected: (iterations: number) => number;
}

function timedValidator(c: ValidationCase, inputs: unknown[], valid: boolean): Timed {
  return {
    name: c.name,
    run(iterations) {
      let accepted = 0;
      for (let i = 0; i < iterations; i++) if (c.accepts(inputs[i & (POOL - 1)])) accepted++;
      return accepted;
    },
    expected: (iterations) => (valid ? iterations : 0),
  };
}

function timedJsonParse(raw: string[]): Timed {
  return {
    name: 'JSON.parse',
    run(iterations) {
      let accepted = 0;
      for (let i = 0; i < iterations; i++) if (JSON.parse(raw[i & (POOL - 1)]) !== null) accepted++;
      return accepted;
    },
    expected: (iterations) => iterations,
  };
}

/** Median ns/op of each case over the rounds; throws if a case accepts what it should not. */
function measure(cases: Timed[], iterations: number, rounds: number, warmupRounds: number): Record<string, number> {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (const c of cases) {
      const start = process.hrtime.bigint();
      const accepted = c.run(iterations);
      const ns = Number(process.hrtime.bigint() - start) / iterations;
      if (accepted !== c.expected(iterations)) throw new Error(`${c.name}: accepted ${accepted} of ${iterations}, expected ${c.expected(iterations)}`);
      if (round >= warmupRounds) samples.get(c.name)?.push(ns);
    }
  }
  const medians: Record<string, number> = {};
  for (const [name, ns] of samples) medians[name] = round(ns.sort((a, b) => a - b)[Math.floor(ns.length / 2)], 1);
  return medians;
}

function main(): void {
  const { iterations, rounds, warmupRounds } = command.opts<{ iterations: number; rounds: number; warmupRounds: number }>();
  const valid = validInputs(POOL);
  const invalid = invalidInputs(POOL);
  const raw = valid.map((m) => JSON.stringify(m));
  progress(`valid payloads: ${rounds} rounds × ${iterations} calls per case`);
  const validNs = measure([timedJsonParse(raw), ...VALIDATORS.map((c) => timedValidator(c, valid, true))], iterations, rounds, warmupRounds);
  progress('invalid payloads');
  const invalidNs = measure(
    VALIDATORS.map((c) => timedValidator(c, invalid, false)),
    Math.max(1, Math.floor(iterations / 10)),
    rounds,
    warmupRounds,
  );
  printResult({
    bench: 'validation',
    node: process.version,
    unit: 'ns/op (median)',
    iterations,
    rounds,
    avgPayloadBytes: Math.round(raw.reduce((n, s) => n + s.length, 0) / raw.length),
    valid: validNs,
    invalid: invalidNs,
  });
}

main();
