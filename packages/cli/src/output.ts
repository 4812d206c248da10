/**
 * Where commands print: stdout for results (text, JSON or CSV), stderr for progress and the
 * one-line error, so `mlc … --json > file` and `mlc … --csv > file` stay clean.
 */
export interface Output {
  result(text: string): void;
  /** A progress line (stderr). */
  progress(text: string): void;
  json(value: unknown): void;
  /** Text exactly as given, no newline added (CSV). */
  raw(text: string): void;
  /** Whether a person is watching stderr (a terminal), e.g. to show elapsed time. */
  isInteractive: boolean;
}

export const processOutput: Output = {
  result: (text) => process.stdout.write(`${text}\n`),
  progress: (text) => process.stderr.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
  raw: (text) => process.stdout.write(text),
  // Typed boolean; undefined (falsy) when stderr is a pipe or a file.
  isInteractive: process.stderr.isTTY,
};
