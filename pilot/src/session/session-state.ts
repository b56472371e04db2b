/**
 * The lifecycle of a pilot session. One WebSocket at a time; jobs outlive connections.
 *
 * | from        | to          | when                                                                  |
 * |-------------|-------------|-----------------------------------------------------------------------|
 * | connecting  | greeting    | the socket opened and `hello` was sent                                |
 * | connecting  | stopping    | a signal, or no connection within the reconnect timeout               |
 * | greeting    | working     | `welcome` arrived and the pilot may ask for work                      |
 * | greeting    | draining    | `welcome` arrived after a reconnect while the pilot was already leaving |
 * | greeting    | connecting  | the socket closed (or `welcome` never came) — retry with backoff      |
 * | greeting    | stopping    | the server refused `hello` (fatal), or a signal                       |
 * | working     | draining    | `drain` from the server, or time left became too short               |
 * | working     | connecting  | the socket closed — jobs keep running, reports wait in the outbox      |
 * | working     | stopping    | idle timeout, a signal, a fatal error                                 |
 * | draining    | connecting  | the socket closed                                                     |
 * | draining    | stopping    | the last job ended, a signal, a fatal error                           |
 * | stopping    | stopped     | jobs were killed and reported, `goodbye` sent, the socket closed      |
 *
 * Leaving for `idle` with a parked `request-work` stays in `working` until the server answers the
 * `cancel-request`: a `job` that crossed it was claimed for us and must run, so leaving is abandoned.
 * Once in `stopping` nothing goes back: a job arriving then is reported Failed without running.
 */
export type SessionState = 'connecting' | 'greeting' | 'working' | 'draining' | 'stopping' | 'stopped';

const transitions: Readonly<Record<SessionState, readonly SessionState[]>> = {
  connecting: ['greeting', 'stopping'],
  greeting: ['working', 'draining', 'connecting', 'stopping'],
  working: ['draining', 'connecting', 'stopping'],
  draining: ['connecting', 'stopping'],
  stopping: ['stopped'],
  stopped: [],
};

/** Whether the table above allows going from `from` to `to`. */
export function canTransition(from: SessionState, to: SessionState): boolean {
  return transitions[from].includes(to);
}
