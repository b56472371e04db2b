/** The provider token of the ordered list of AuthStrategy the guard tries. */
export const AUTH_STRATEGIES = Symbol('AUTH_STRATEGIES');
