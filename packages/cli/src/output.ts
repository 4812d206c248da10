/** Where commands print: stdout for results, stderr for progress and the one-line error. */
export interface Output {
  result(text: string): void;
  progress(text: string): void;
  json(value: unknown): void;
}

export const processOutput: Output = {
  result: (text) => process.stdout.write(`${text}\n`),
  progress: (text) => process.stderr.write(`${text}\n`),
  json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
};
