import { beforeAll, describe, expect, it } from '@jest/globals';
import { forEachDatabase, T0 } from '../testing/index.js';
import { GroupRepository } from './group.repository.js';
import { IssuedTokenRepository } from './issued-token.repository.js';
import { UserRepository } from './user.repository.js';

describe('identity repositories', () => {
  forEachDatabase((_kind, getDataSource) => {
    let users: UserRepository;
    let groups: GroupRepository;
    let tokens: IssuedTokenRepository;
    beforeAll(() => {
      users = new UserRepository(getDataSource());
      groups = new GroupRepository(getDataSource());
      tokens = new IssuedTokenRepository(getDataSource());
    });

    it('saves, replaces, lists and removes users with their groups', async () => {
      await users.save({ name: 'bob', vo: 'km3net', groups: ['km3net_user'], createdAt: T0 });
      await users.save({ name: 'alice', vo: 'km3net', groups: ['km3net_user'], createdAt: T0 });
      await users.save({ name: 'alice', vo: 'km3net', groups: ['km3net_user', 'km3net_prod'], createdAt: T0 + 1 });

      expect(await users.findByName('alice')).toEqual({
        name: 'alice',
        vo: 'km3net',
        groups: ['km3net_user', 'km3net_prod'],
        createdAt: T0 + 1,
      });
      expect((await users.list()).map((user) => user.name)).toEqual(['alice', 'bob']);
      expect(await users.remove('bob')).toBe(true);
      expect(await users.findByName('bob')).toBeNull();
      expect(await users.findByName('Alice')).toBeNull();
    });

    it('saves and replaces groups with their properties and share', async () => {
      await groups.save({ name: 'km3net_user', vo: 'km3net', properties: ['NormalUser'], share: 1 });
      await groups.save({ name: 'km3net_user', vo: 'km3net', properties: ['NormalUser', 'JobSharing'], share: 10 });

      expect(await groups.list()).toEqual([{ name: 'km3net_user', vo: 'km3net', properties: ['NormalUser', 'JobSharing'], share: 10 }]);
      await expect(groups.save({ name: 'g', vo: 'v', properties: [], share: -1 })).rejects.toThrow('share');
    });

    it('records tokens, revokes one once, and lists a subject’s tokens newest first', async () => {
      const token = (jti: string, issuedAt: number) => ({
        jti,
        subject: 'carol',
        ownerGroup: 'km3net_user',
        issuedAt,
        expiresAt: issuedAt + 3_600_000,
      });
      await tokens.record(token('jti-1', T0));
      await tokens.record(token('jti-2', T0 + 10));

      expect(await tokens.isRevoked('jti-1')).toBe(false);
      expect(await tokens.revoke('jti-1', T0 + 20)).toBe(true);
      expect(await tokens.revoke('jti-1', T0 + 30)).toBe(false);
      expect(await tokens.revoke('unknown', T0 + 30)).toBe(false);
      expect(await tokens.isRevoked('jti-1')).toBe(true);
      expect(await tokens.isRevoked('unknown')).toBe(false);
      expect(await tokens.revokedUnexpired(T0)).toContain('jti-1');
      expect(await tokens.revokedUnexpired(T0)).not.toContain('jti-2');
      expect(await tokens.revokedUnexpired(token('jti-1', T0).expiresAt)).not.toContain('jti-1');
      expect(await tokens.listForSubject('carol')).toEqual([
        { ...token('jti-2', T0 + 10), revokedAt: null },
        { ...token('jti-1', T0), revokedAt: T0 + 20 },
      ]);
    });

    it('forgets tokens that have expired', async () => {
      await tokens.record({ jti: 'old', subject: 'dave', ownerGroup: 'g', issuedAt: T0, expiresAt: T0 + 1 });
      await tokens.record({ jti: 'fresh', subject: 'dave', ownerGroup: 'g', issuedAt: T0, expiresAt: T0 + 10_000 });

      expect(await tokens.deleteExpired(T0 + 5)).toBe(1);
      expect((await tokens.listForSubject('dave')).map((each) => each.jti)).toEqual(['fresh']);
    });
  });
});
