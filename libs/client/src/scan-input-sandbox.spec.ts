import { describe, expect, it } from '@jest/globals';
import { planInputSandbox } from './prepare-submission.js';
import { scanInputSandbox } from './scan-input-sandbox.js';

describe(scanInputSandbox.name, () => {
  it('finds the list, its entries as written and where it is', () => {
    const jdl = 'Executable = "run.sh";\nInputSandbox = {"run.sh", data.txt, "LFN:/vo/x"};\nCPUTime = 100;';
    const found = scanInputSandbox(jdl);
    expect(found).not.toBe('unsure');
    const scanned = found as Exclude<typeof found, 'unsure' | null>;
    expect(scanned.entries.map((entry) => entry.text)).toEqual(['run.sh', 'data.txt', 'LFN:/vo/x']);
    expect(jdl.slice(scanned.start, scanned.end)).toBe('{"run.sh", data.txt, "LFN:/vo/x"}');
  });

  it('reads a single string, a bracketed document, any case, and skips comments and strings that mention it', () => {
    const jdl = '[\n  # InputSandbox = {"no"};\n  Arguments = "InputSandbox = x";\n  inputsandbox = "one.txt"\n]';
    const found = scanInputSandbox(jdl) as { entries: readonly { text: string }[] };
    expect(found.entries.map((entry) => entry.text)).toEqual(['one.txt']);
  });

  it('answers null without an InputSandbox and unsure for what it does not understand', () => {
    expect(scanInputSandbox('Executable = "x";')).toBeNull();
    expect(scanInputSandbox('InputSandbox = strcat("a", "b");')).toBe('unsure');
    expect(scanInputSandbox('InputSandbox = {"a"}; InputSandbox = {"b"};')).toBe('unsure');
    expect(scanInputSandbox('InputSandbox = {"a"')).toBe('unsure');
  });
});

describe(planInputSandbox.name, () => {
  it('rewrites InputSandbox to the sandbox and the remote entries, the rest byte for byte, lines kept', async () => {
    const jdl = 'Executable = "run.sh"; // keep me\nInputSandbox = {\n  "run.sh",\n  "LFN:/vo/data"\n};\nCPUTime = 100;';
    const plan = await planInputSandbox(jdl, 'job.jdl');
    expect(plan.localEntries).toEqual(['run.sh']);
    const rewritten = plan.rewrite?.('SB:sha256:' + 'a'.repeat(64)) ?? '';
    expect(rewritten).toBe(
      `Executable = "run.sh"; // keep me\nInputSandbox = {"SB:sha256:${'a'.repeat(64)}", "LFN:/vo/data"\n\n\n};\nCPUTime = 100;`,
    );
  });

  it('expands the placeholders of a parametric JDL with the JDL library', async () => {
    const jdl = 'Executable = "run.sh"; Parameters = {"a", "b"}; InputSandbox = {"run.sh", "in_%s.txt"};';
    const plan = await planInputSandbox(jdl, 'sweep.jdl');
    expect(plan.localEntries).toEqual(['run.sh', 'in_a.txt', 'in_b.txt']);
  });

  it('refuses a broken JDL with its file, line and column', async () => {
    await expect(planInputSandbox('Executable = "x"\nInputSandbox = {"a" "b"};', 'bad.jdl')).rejects.toMatchObject({
      code: 'invalid-jdl',
      message: expect.stringMatching(/^bad\.jdl:2:\d+: /) as unknown as string,
    });
  });
});
