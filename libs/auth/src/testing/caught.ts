/** The error a promise or function ends with; fails the test if it ends well. */
export async function caught(run: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but it succeeded');
}
