import { describe, expect, it } from '@jest/globals';
import { minorStatusOfError, verdictOfExit, verdictWithoutPayload } from './job-outcome.util.js';

describe(verdictOfExit.name, () => {
  it('is Done for exit 0', () => {
    expect(verdictOfExit({ code: 0, signal: null }, null)).toEqual({
      status: 'Done',
      minorStatus: 'Execution Complete',
      applicationStatus: 'Application exited with status 0',
      exitCode: 0,
    });
  });

  it('is Failed with the status for any other exit', () => {
    expect(verdictOfExit({ code: 42, signal: null }, null)).toEqual({
      status: 'Failed',
      minorStatus: 'Application exited with status 42',
      applicationStatus: 'Application exited with status 42',
      exitCode: 42,
    });
  });

  it('names the signal that ended the payload', () => {
    expect(verdictOfExit({ code: null, signal: 'SIGSEGV' }, null)).toEqual({
      status: 'Failed',
      minorStatus: 'Application killed by signal SIGSEGV',
      applicationStatus: 'Application killed by signal SIGSEGV',
      exitCode: null,
    });
  });

  it('reports the kill reason as minor status even when the payload exited 0 on SIGTERM', () => {
    expect(verdictOfExit({ code: 0, signal: null }, 'Exceeded CPU time limit')).toEqual({
      status: 'Failed',
      minorStatus: 'Exceeded CPU time limit',
      applicationStatus: 'Application exited with status 0',
      exitCode: 0,
    });
  });
});

describe(verdictWithoutPayload.name, () => {
  it('is Failed with no exit code and an Unknown application status by default', () => {
    expect(verdictWithoutPayload('Input sandbox download failed')).toEqual({
      status: 'Failed',
      minorStatus: 'Input sandbox download failed',
      applicationStatus: 'Unknown',
      exitCode: null,
    });
  });
});

describe(minorStatusOfError.name, () => {
  it('maps each error code to its minor status', () => {
    expect(minorStatusOfError('executable-not-found')).toBe('Executable not found');
    expect(minorStatusOfError('sandbox-download-failed')).toBe('Input sandbox download failed');
    expect(minorStatusOfError('sandbox-upload-failed')).toBe('Output sandbox upload failed');
  });
});
