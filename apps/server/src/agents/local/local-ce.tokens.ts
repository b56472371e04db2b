/** Injection token of how Local pilots are started: which node and which pilot bundle. */
export const LOCAL_PILOT_PROGRAM = Symbol('LOCAL_PILOT_PROGRAM');

export interface LocalPilotProgram {
  /** The node binary (the server's own). */
  readonly nodePath: string;
  /** The bundled pilot, pilot/dist/pilot.js. */
  readonly pilotScript: string;
}
