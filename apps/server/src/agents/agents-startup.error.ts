/** A reason the agents cannot start that the operator must fix (the server turns it into a one-line start-up error). */
export class AgentsStartupError extends Error {
  override readonly name = 'AgentsStartupError';
}
