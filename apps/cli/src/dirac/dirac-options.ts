/** One option of a DIRAC script, as its `Script.registerSwitch` declares it. */
export interface DiracOption {
  /** One letter, without the dash; empty for long-only options (dirac-wms-select-jobs). */
  readonly short: string;
  readonly long: string;
  /** Takes a value (`-f FILE`, `--File=FILE`, `--File FILE`). */
  readonly value: boolean;
  readonly help: string;
}

/** How a command is described in its help, and what it needs. */
export interface DiracCommandSpec {
  readonly name: string;
  readonly description: string;
  /** `JobID ...`, `Site Comment`, … (the Usage line). */
  readonly usage: string;
  readonly options: readonly DiracOption[];
  /** `[name, help]` lines of the Arguments section. */
  readonly arguments: readonly (readonly [string, string])[];
  /** Positional arguments needed unless an option stands in for them (see `positionalsOptionalWith`). */
  readonly minPositionals: number;
  /** Options that select items without positionals (`-f`, `-g`). */
  readonly positionalsOptionalWith?: readonly string[];
}

export interface ParsedDiracArgs {
  readonly positionals: string[];
  /** By long name; repeated options keep every value, in order. */
  readonly options: ReadonlyMap<string, string[]>;
  readonly help: boolean;
}

/** What DIRAC prints for a bad command line, and the exit code it uses (1 mandatory arguments missing, 2 unknown option). */
export class DiracUsageError extends Error {
  override readonly name = 'DiracUsageError';

  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Options every DIRAC script accepts (only those that mean something here). */
export const GENERAL_OPTIONS: readonly DiracOption[] = [
  { short: 'd', long: 'debug', value: false, help: 'Set debug mode (-ddd is extra debug)' },
  { short: 'h', long: 'help', value: false, help: 'Shows this help' },
];

/**
 * Reads a command line the way DIRAC's getopt does (GNU style): options anywhere, before or after
 * positionals; `-f F`, `-fF`, `--File F`, `--File=F`; long names matched case-sensitively as DIRAC
 * does, and unambiguous prefixes accepted; `--` ends the options.
 */
export function parseDiracArgs(spec: DiracCommandSpec, argv: readonly string[]): ParsedDiracArgs {
  const all = [...spec.options, ...GENERAL_OPTIONS];
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const add = (option: DiracOption, value: string): void => {
    options.set(option.long, [...(options.get(option.long) ?? []), value]);
  };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [name = '', inline] = splitOnce(arg.slice(2), '=');
      const option = all.find((candidate) => candidate.long === name) ?? uniquePrefix(all, name);
      if (option === undefined) {
        throw new DiracUsageError(`option --${name} not recognized`, 2);
      }
      if (!option.value) {
        add(option, '');
        continue;
      }
      const value = inline ?? argv[++index];
      if (value === undefined) {
        throw new DiracUsageError(`option --${name} requires argument`, 2);
      }
      add(option, value);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
      // A cluster of one-letter switches, the last of which may take the rest or the next word.
      for (let position = 1; position < arg.length; position++) {
        const letter = arg[position] ?? '';
        const option = all.find((candidate) => candidate.short === letter);
        if (option === undefined) {
          throw new DiracUsageError(`option -${letter} not recognized`, 2);
        }
        if (!option.value) {
          add(option, '');
          continue;
        }
        const value = position + 1 < arg.length ? arg.slice(position + 1) : argv[++index];
        if (value === undefined) {
          throw new DiracUsageError(`option -${letter} requires argument`, 2);
        }
        add(option, value);
        break;
      }
      continue;
    }
    positionals.push(arg);
  }
  const help = options.has('help');
  const selected = (spec.positionalsOptionalWith ?? []).some((name) => options.has(name));
  if (!help && !selected && positionals.length < spec.minPositionals) {
    throw new DiracUsageError('not all mandatory arguments are defined.', 1);
  }
  return { positionals, options, help };
}

/** DIRAC's help text: Usage, General options, Options, Arguments. */
export function diracHelp(spec: DiracCommandSpec): string {
  const optionLine = (option: DiracOption): string => {
    const short = option.short ? `-${option.short}` : '  ';
    const long = `--${option.long}${option.value ? ' <value>' : ''}`;
    return `  ${short}  ${long.padEnd(28)}: ${option.help}\n`;
  };
  let text = `${spec.description}\n\nUsage:\n  ${spec.name} [options] ... ${spec.usage}\n\nGeneral options:\n`;
  text += GENERAL_OPTIONS.map(optionLine).join('');
  if (spec.options.length > 0) {
    text += `\nOptions:\n${spec.options.map(optionLine).join('')}`;
  }
  if (spec.arguments.length > 0) {
    const width = Math.max(...spec.arguments.map(([name]) => name.length)) + 1;
    text += `\nArguments:\n${spec.arguments.map(([name, help]) => `  ${`${name}:`.padEnd(width + 2)}${help}\n`).join('')}`;
  }
  return text;
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

function uniquePrefix(options: readonly DiracOption[], name: string): DiracOption | undefined {
  const matches = name === '' ? [] : options.filter((option) => option.long.startsWith(name));
  return matches.length === 1 ? matches[0] : undefined;
}
