import { MajoranaException } from '@majorana/domain';

export enum AuthConfigErrorCode {
  /** A value has the wrong type or form, or a key is unknown. */
  InvalidValue = 'InvalidValue',
  /** A user names a group that is not defined. */
  UnknownGroup = 'UnknownGroup',
  /** Two groups or two users share a name. */
  DuplicateName = 'DuplicateName',
  /** The token signing secret is too short to resist guessing. */
  WeakSecret = 'WeakSecret',
}

/** One thing wrong in the configuration, located by a path such as `groups[1].properties[0]`. */
export interface AuthConfigProblem {
  readonly code: AuthConfigErrorCode;
  readonly path: string;
  readonly message: string;
}

/**
 * The users/groups configuration (or the token secret) is unusable; start-up stops with this. The
 * message lists every problem, one per line, each as `path: what is wrong; what to do`; `details`
 * carries them as a list.
 */
export class AuthConfigException extends MajoranaException<AuthConfigErrorCode> {
  static of(problems: readonly [AuthConfigProblem, ...AuthConfigProblem[]]): AuthConfigException {
    const lines = problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`));
    return new AuthConfigException(problems[0].code, lines.join('\n'), { problems });
  }
}
