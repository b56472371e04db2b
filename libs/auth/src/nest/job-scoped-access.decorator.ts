import { SetMetadata } from '@nestjs/common';

export const JOB_SCOPED_ACCESS_KEY = 'majorana:auth:job-scoped-access';

/**
 * Lets a job token (a Principal with a `jobScope`) reach this route; the AuthGuard refuses job tokens
 * everywhere else. The route itself must check that the scope covers what it serves (the job in its
 * path, the job's current attempt): the guard cannot know which job a route is about. Ordinary
 * tokens are unaffected and still need the route's `@RequireProperties`.
 */
export const JobScopedAccess = (): MethodDecorator & ClassDecorator => SetMetadata(JOB_SCOPED_ACCESS_KEY, true);
