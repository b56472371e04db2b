import { DiracProperty } from '@majorana/auth';

/**
 * The VO, groups and users of a fresh installation, used when $MAJORANA_CONFIG does not exist:
 * an `admin` user who may also submit jobs, a `user` group for the collaboration's physicists, and
 * a `pilot` group for pilot tokens, with a `pilot` user whose token the Local CE's pilots use (only
 * the Pilot property: the user jobs running beside its token file can do nothing else with it).
 * Write a majorana.json to change them (see the README).
 */
export const DEFAULT_AUTH_CONFIG = {
  vo: 'majorana',
  groups: [
    {
      name: 'admin',
      properties: [DiracProperty.NormalUser, DiracProperty.JobAdministrator, DiracProperty.SiteManager, DiracProperty.ServiceAdministrator],
      share: 1000,
    },
    { name: 'user', properties: [DiracProperty.NormalUser], share: 1000 },
    { name: 'pilot', properties: [DiracProperty.Pilot], share: 1000 },
  ],
  users: [
    { name: 'admin', groups: ['admin', 'pilot'] },
    { name: 'pilot', groups: ['pilot'] },
  ],
};
