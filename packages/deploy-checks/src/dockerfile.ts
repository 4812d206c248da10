import { DockerfileParser, JSONInstruction, ModifiableInstruction, type Instruction } from 'dockerfile-ast';
import { readRepoFile } from './repo.ts';

export interface DockerInstruction {
  keyword: string;
  /** Arguments as written (shell form split on whitespace). */
  args: string[];
  /** Exec form (`["node", "x.ts"]`) arguments, when the instruction uses it. */
  json: string[] | undefined;
  /** `--name=value` flags (COPY --from, RUN --mount, …). */
  flags: Record<string, string>;
}

export interface DockerStage {
  /** `AS name`, when given. */
  name: string | undefined;
  /** The image or stage after FROM, build ARGs resolved. */
  from: string;
  instructions: DockerInstruction[];
}

export interface ParsedDockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string | undefined>;
  stages: DockerStage[];
}

export const dockerfileText = (): string => readRepoFile('infra', 'Dockerfile');

function toInstruction(instruction: Instruction): DockerInstruction {
  const keyword = instruction.getKeyword();
  const args = instruction.getArguments().map((argument) => argument.getValue());
  let json: string[] | undefined;
  if (instruction instanceof JSONInstruction && instruction.getOpeningBracket()) {
    json = instruction.getJSONStrings().map((item) => item.getJSONValue());
  }
  const flags: Record<string, string> = {};
  if (instruction instanceof ModifiableInstruction) {
    for (const flag of instruction.getFlags()) flags[flag.getName()] = flag.getValue() ?? '';
  }
  return { keyword, args, json, flags };
}

const substituteArgs = (text: string, args: Record<string, string | undefined>): string =>
  text.replaceAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_match, braced, bare) => {
    const name = (braced ?? bare) as string;
    return args[name] ?? '';
  });

export function parseDockerfile(text: string): ParsedDockerfile {
  const dockerfile = DockerfileParser.parse(text);
  const globalArgs: Record<string, string | undefined> = {};
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    if (property) globalArgs[property.getName()] = property.getValue() ?? undefined;
  }
  const stages: DockerStage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const args = instruction.getArguments().map((argument) => argument.getValue());
      const asIndex = args.findIndex((arg) => arg.toUpperCase() === 'AS');
      const image = args.find((arg) => !arg.startsWith('--')) ?? '';
      stages.push({
        name: asIndex >= 0 ? args[asIndex + 1] : undefined,
        from: substituteArgs(image, globalArgs),
        instructions: [],
      });
    } else {
      stages.at(-1)?.instructions.push(toInstruction(instruction));
    }
  }
  return { globalArgs, stages };
}

/** The stages from the external base image down to `target` (FROM <stage> chains). */
export function stageChain(dockerfile: ParsedDockerfile, target: string): DockerStage[] {
  const chain: DockerStage[] = [];
  let current = dockerfile.stages.find((stage) => stage.name === target);
  while (current) {
    chain.unshift(current);
    const from = current.from;
    current = dockerfile.stages.find((stage) => stage.name === from);
  }
  return chain;
}

export interface ImageConfig {
  /** The external image the target is built on. */
  base: string;
  /** Last USER along the chain (undefined: the base image's user). */
  user: string | undefined;
  /** Undefined when no stage of ours sets it (the base image's would apply). */
  entrypoint: string[] | undefined;
  cmd: string[] | undefined;
  env: Record<string, string>;
  expose: string[];
}

/** What `docker build --target <target>` configures, as far as our own instructions decide it. */
export function imageConfig(dockerfile: ParsedDockerfile, target: string): ImageConfig {
  const chain = stageChain(dockerfile, target);
  const first = chain[0];
  if (first === undefined) throw new Error(`no stage named ${target}`);
  const config: ImageConfig = {
    base: first.from,
    user: undefined,
    entrypoint: undefined,
    cmd: undefined,
    env: {},
    expose: [],
  };
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      switch (instruction.keyword) {
        case 'USER':
          config.user = instruction.args[0];
          break;
        case 'ENTRYPOINT':
          config.entrypoint = instruction.json ?? instruction.args;
          // Docker: an ENTRYPOINT resets the CMD inherited so far.
          config.cmd = [];
          break;
        case 'CMD':
          config.cmd = instruction.json ?? instruction.args;
          break;
        case 'ENV':
          for (const arg of instruction.args) {
            const [key, ...value] = arg.split('=');
            if (key && value.length > 0) config.env[key] = value.join('=');
          }
          break;
        case 'EXPOSE':
          config.expose.push(...instruction.args);
          break;
        default:
          break;
      }
    }
  }
  return config;
}

/** The `RUN` instructions of one stage, as text. */
export function runCommands(stage: DockerStage): string[] {
  return stage.instructions.filter((item) => item.keyword === 'RUN').map((item) => item.args.join(' '));
}
