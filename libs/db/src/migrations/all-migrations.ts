import { CreateJobs1764100000000 } from './1764100000000-CreateJobs.js';
import { CreateTaskQueues1764100100000 } from './1764100100000-CreateTaskQueues.js';
import { CreateSiteMask1764100200000 } from './1764100200000-CreateSiteMask.js';
import { CreateIdentity1764100300000 } from './1764100300000-CreateIdentity.js';
import { CreatePilots1764100400000 } from './1764100400000-CreatePilots.js';
import { CreateSandboxes1764100500000 } from './1764100500000-CreateSandboxes.js';
import { CreateAgentLeases1764100600000 } from './1764100600000-CreateAgentLeases.js';
import { AddPilotDrain1764100700000 } from './1764100700000-AddPilotDrain.js';
import { CreateComputingElements1764100800000 } from './1764100800000-CreateComputingElements.js';
import { CreatePilotOutputs1764100900000 } from './1764100900000-CreatePilotOutputs.js';

/** In the order they apply. Registered explicitly (no globs), like the entities. */
export const ALL_MIGRATIONS = [
  CreateJobs1764100000000,
  CreateTaskQueues1764100100000,
  CreateSiteMask1764100200000,
  CreateIdentity1764100300000,
  CreatePilots1764100400000,
  CreateSandboxes1764100500000,
  CreateAgentLeases1764100600000,
  AddPilotDrain1764100700000,
  CreateComputingElements1764100800000,
  CreatePilotOutputs1764100900000,
];
