import { describe, expect, it } from '@jest/globals';
import { pickWeighted } from './pick-weighted.js';
import { mulberry32 } from '../testing/seeded-random.js';
import { taskQueuePriorities, type FairShareQueue } from './task-queue-priorities.js';

const NO_SHARING: ReadonlySet<string> = new Set();

const queues: FairShareQueue[] = [
  { id: 1, owner: 'alice', ownerGroup: 'km3net_user' },
  { id: 2, owner: 'alice', ownerGroup: 'km3net_user' },
  { id: 3, owner: 'alice', ownerGroup: 'km3net_user' },
  { id: 4, owner: 'bob', ownerGroup: 'km3net_user' },
  { id: 5, owner: 'prod', ownerGroup: 'km3net_prod' },
];

describe(taskQueuePriorities.name, () => {
  it('splits a group`s share between its owners, then between each owner`s queues', () => {
    const priorities = taskQueuePriorities(queues, new Map([['km3net_user', 3000]]), NO_SHARING);
    expect([...priorities]).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 1500],
      [5, 1000],
    ]);
  });

  it('gives an owner with three queues the same total as an owner with one', () => {
    const priorities = taskQueuePriorities(queues, new Map([['km3net_user', 3000]]), NO_SHARING);
    const alice = [1, 2, 3].reduce((sum, id) => sum + (priorities.get(id) ?? 0), 0);
    expect(alice).toBe(priorities.get(4));
  });

  it('splits a JobSharing group`s share between its queues, whoever owns them', () => {
    const priorities = taskQueuePriorities(queues, new Map([['km3net_user', 3000]]), new Set(['km3net_user']));
    expect([...priorities]).toEqual([
      [1, 750],
      [2, 750],
      [3, 750],
      [4, 750],
      [5, 1000],
    ]);
  });

  it('gives a group without a configured share the default share', () => {
    const prod = [{ id: 5, owner: 'prod', ownerGroup: 'km3net_prod' }];
    expect(taskQueuePriorities(prod, new Map(), NO_SHARING).get(5)).toBe(1000);
    expect(taskQueuePriorities(prod, new Map(), NO_SHARING, 250).get(5)).toBe(250);
  });

  it('keeps owners of the same name in different groups apart', () => {
    const twoHats = [
      { id: 1, owner: 'alice', ownerGroup: 'km3net_user' },
      { id: 2, owner: 'alice', ownerGroup: 'km3net_prod' },
      { id: 3, owner: 'bob', ownerGroup: 'km3net_prod' },
    ];
    expect([...taskQueuePriorities(twoHats, new Map([['km3net_prod', 4000]]), NO_SHARING)]).toEqual([
      [1, 1000],
      [2, 2000],
      [3, 2000],
    ]);
  });

  it('lists the priorities in the order the queues were given', () => {
    const shuffled = [queues[4], queues[0], queues[3], queues[1]].filter((queue) => queue !== undefined);
    expect([...taskQueuePriorities(shuffled, new Map(), NO_SHARING).keys()]).toEqual([5, 1, 4, 2]);
  });

  it('has nothing to share out without queues', () => {
    expect(taskQueuePriorities([], new Map([['km3net_user', 3000]]), NO_SHARING).size).toBe(0);
  });

  it('serves groups of shares 3000 and 1000 in the ratio 3:1 over 4000 matches', () => {
    // Both groups always have waiting work, spread unevenly over owners and queues.
    const busy: FairShareQueue[] = [
      { id: 1, owner: 'prod1', ownerGroup: 'km3net_prod' },
      { id: 2, owner: 'prod1', ownerGroup: 'km3net_prod' },
      { id: 3, owner: 'prod2', ownerGroup: 'km3net_prod' },
      { id: 4, owner: 'alice', ownerGroup: 'km3net_user' },
      { id: 5, owner: 'bob', ownerGroup: 'km3net_user' },
      { id: 6, owner: 'bob', ownerGroup: 'km3net_user' },
      { id: 7, owner: 'bob', ownerGroup: 'km3net_user' },
    ];
    const shares = new Map([
      ['km3net_prod', 3000],
      ['km3net_user', 1000],
    ]);
    const priorities = taskQueuePriorities(busy, shares, NO_SHARING);
    const candidates = busy.map((queue) => ({ item: queue, weight: priorities.get(queue.id) ?? 0 }));
    const random = mulberry32(20251125);
    const served = new Map<string, number>();
    const picks = 4000;
    for (let i = 0; i < picks; i += 1) {
      const group = pickWeighted(candidates, random)?.ownerGroup ?? 'none';
      served.set(group, (served.get(group) ?? 0) + 1);
    }
    expect(served.get('none')).toBeUndefined();
    expect(Math.abs((served.get('km3net_prod') ?? 0) / picks - 0.75)).toBeLessThanOrEqual(0.03);
    expect(Math.abs((served.get('km3net_user') ?? 0) / picks - 0.25)).toBeLessThanOrEqual(0.03);
  });
});
