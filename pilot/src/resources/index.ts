export { discoverDeadline, type DeadlineSources } from './batch-deadline.js';
export { execFileRunner, type CommandResult, type CommandRunner } from './command-runner.js';
export { discoverResources, type DiscoverResourcesOptions, type DiscoveredResources, type PilotResources } from './discover-resources.js';
export { platformString } from './platform.util.js';
export { MAX_MEMORY_TAG_GIB, resourceTags } from './resource-tags.util.js';
export { nodeSystemProbe, type SystemProbe } from './system-probe.js';
export { UNLIMITED_TIME_LEFT_S, parseSlurmTimeLeft, timeLeftS } from './time-left.util.js';
