import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type ProcStat, parseProcStat, parseVmRssKiB } from './proc-stat.util.js';

export interface TreeMember {
  stat: ProcStat;
  /** Resident memory in KiB; 0 when memory was not asked for. */
  rssKiB: number;
}

/** pid → starttime of processes seen in a job's tree before; see ProcessTreeReader.read. */
export type KnownProcesses = ReadonlyMap<number, number>;

/** Reads a job's process tree from the kernel. */
export interface ProcessTreeReader {
  /**
   * The processes of a job: the leader `rootPid` and its descendants, the members of its process group
   * (pgid = rootPid, as the payload is spawned detached), and every `known` process still alive under
   * the same starttime, with their descendants. `known` is how a process that called setsid() and then
   * lost its parent (re-parented to init, out of both the tree and the group) is still found.
   */
  read(rootPid: number, known: KnownProcesses, withMemory: boolean): Promise<TreeMember[]>;
  /** Which of these processes still run (same starttime, not a zombie); reads only their own entries. */
  stillRunning(processes: KnownProcesses): Promise<number[]>;
}

/**
 * Finds the tree by scanning /proc/<pid>/stat for parent links: /proc/<pid>/task/<tid>/children would be
 * cheaper but needs CONFIG_PROC_CHILDREN, which many kernels (and sandboxes) leave out. `procRoot` lets
 * tests point at a fixture tree.
 */
export class ProcFsTreeReader implements ProcessTreeReader {
  constructor(private readonly procRoot: string = '/proc') {}

  async read(rootPid: number, known: KnownProcesses, withMemory: boolean): Promise<TreeMember[]> {
    const table = await this.readTable();
    const children = new Map<number, ProcStat[]>();
    for (const stat of table.values()) {
      const siblings = children.get(stat.ppid);
      if (siblings) {
        siblings.push(stat);
      } else {
        children.set(stat.ppid, [stat]);
      }
    }
    const seeds: ProcStat[] = [];
    for (const stat of table.values()) {
      const startedAs = known.get(stat.pid);
      if (stat.pid === rootPid || stat.pgrp === rootPid || (startedAs !== undefined && startedAs === stat.starttime)) {
        seeds.push(stat);
      }
    }
    const members = new Map<number, ProcStat>();
    const queue = [...seeds];
    for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
      if (!members.has(next.pid)) {
        members.set(next.pid, next);
        queue.push(...(children.get(next.pid) ?? []));
      }
    }
    return Promise.all([...members.values()].map(async (stat) => ({ stat, rssKiB: withMemory ? await this.readRssKiB(stat.pid) : 0 })));
  }

  async stillRunning(processes: KnownProcesses): Promise<number[]> {
    const running: number[] = [];
    await Promise.all(
      [...processes].map(async ([pid, starttime]) => {
        const stat = await this.readStat(String(pid));
        if (stat && stat.starttime === starttime && stat.state !== 'Z') {
          running.push(pid);
        }
      }),
    );
    return running;
  }

  private async readTable(): Promise<Map<number, ProcStat>> {
    const entries = await readdir(this.procRoot);
    const stats = await Promise.all(entries.filter((name) => /^\d+$/.test(name)).map((name) => this.readStat(name)));
    const table = new Map<number, ProcStat>();
    for (const stat of stats) {
      if (stat) {
        table.set(stat.pid, stat);
      }
    }
    return table;
  }

  private async readStat(pid: string): Promise<ProcStat | null> {
    try {
      return parseProcStat(await readFile(join(this.procRoot, pid, 'stat'), 'utf8'));
    } catch {
      return null; // it exited between readdir and read
    }
  }

  private async readRssKiB(pid: number): Promise<number> {
    try {
      return parseVmRssKiB(await readFile(join(this.procRoot, String(pid), 'status'), 'utf8'));
    } catch {
      return 0;
    }
  }
}
