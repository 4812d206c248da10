#!/usr/bin/env node
import { CommanderError } from 'commander';
import { processOutput } from './output.ts';
import { buildProgram } from './program.ts';

try {
  await buildProgram(processOutput).parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander has printed help or its own one-line error already.
    process.exitCode = error.exitCode;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`mlc: ${message}\n`);
    process.exitCode = 1;
  }
}
