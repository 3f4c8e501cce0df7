/**
 * Strict command-line values. Enumerated values use commander's `choices` (the usage error lists the
 * allowed values and exits 2, translated in main.ts); numbers go through `intArg`.
 */
import { Argument, Option } from 'commander';
import { CliError } from './context.js';

/** An option whose value must be one of `values`. */
export function choiceOption(flags: string, description: string, values: readonly string[]): Option {
  return new Option(flags, description).choices(values);
}

/** A positional argument whose value must be one of `values`. */
export function choiceArgument(name: string, description: string, values: readonly string[]): Argument {
  return new Argument(name, description).choices(values);
}

/** Parser for an integer option of at least `min`; anything else is a usage error (exit 2). */
export function intArg(name: string, min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new CliError(`${name} en az ${min} olan bir tam sayı olmalı`, 2);
    return n;
  };
}
