/** The drivers there are; a new driver adds its kind here (and its scheme to pilot refs). */
export type ComputingElementKind = 'local' | 'ssh' | 'slurm';
