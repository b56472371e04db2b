import { describe, expect, it } from '@jest/globals';
import { diracHelp, DiracUsageError, parseDiracArgs, type DiracCommandSpec } from './dirac-options.js';

const spec: DiracCommandSpec = {
  name: 'dirac-wms-job-status',
  description: 'Retrieve status of the given DIRAC job',
  usage: 'JobID ...',
  options: [
    { short: 'f', long: 'File', value: true, help: 'Get status for jobs with IDs from the file' },
    { short: 'g', long: 'JobGroup', value: true, help: 'Get status for jobs in the given group' },
    { short: 'O', long: 'Original', value: false, help: 'Gets the original JDL' },
  ],
  arguments: [['JobID', 'DIRAC Job ID']],
  minPositionals: 1,
  positionalsOptionalWith: ['File', 'JobGroup'],
};

describe(parseDiracArgs.name, () => {
  it('takes options before, between and after positionals, in every spelling getopt accepts', () => {
    const parsed = parseDiracArgs(spec, ['1,2', '-f', 'a.txt', '3', '--JobGroup=g1', '-Ofb.txt', '--JobGroup', 'g2']);
    expect(parsed.positionals).toEqual(['1,2', '3']);
    expect(parsed.options.get('File')).toEqual(['a.txt', 'b.txt']);
    expect(parsed.options.get('JobGroup')).toEqual(['g1', 'g2']);
    expect(parsed.options.has('Original')).toBe(true);
  });

  it('accepts an unambiguous prefix of a long option and -- before positionals that look like options', () => {
    expect(parseDiracArgs(spec, ['--Job', 'g', '--', '-5']).positionals).toEqual(['-5']);
  });

  it('refuses a missing mandatory argument with exit 1 unless -f or -g select the jobs', () => {
    expect(() => parseDiracArgs(spec, [])).toThrow(new DiracUsageError('not all mandatory arguments are defined.', 1));
    expect(parseDiracArgs(spec, ['-g', 'grp']).positionals).toEqual([]);
    expect(parseDiracArgs(spec, ['-h']).help).toBe(true);
  });

  it('refuses an unknown option with exit 2 and an option without its value', () => {
    const unknown = (): unknown => parseDiracArgs(spec, ['1', '-k']);
    expect(unknown).toThrow('option -k not recognized');
    try {
      unknown();
    } catch (error) {
      expect((error as DiracUsageError).exitCode).toBe(2);
    }
    expect(() => parseDiracArgs(spec, ['1', '--File'])).toThrow('option --File requires argument');
  });
});

describe(diracHelp.name, () => {
  it('has the Usage, General options, Options and Arguments sections, one `-X  --Long <value>  : help` line per option', () => {
    const lines = diracHelp(spec).split('\n');
    expect(lines).toContain('Usage:');
    expect(lines).toContain('  dirac-wms-job-status [options] ... JobID ...');
    expect(lines).toContain('General options:');
    expect(lines).toContain('  -h  --help                      : Shows this help');
    expect(lines).toContain('Options:');
    expect(lines).toContain('  -f  --File <value>              : Get status for jobs with IDs from the file');
    expect(lines).toContain('Arguments:');
    expect(lines).toContain('  JobID:  DIRAC Job ID');
  });
});
