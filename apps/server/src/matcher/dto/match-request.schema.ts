import { Type, type Static } from 'typebox';

/** Bounds no real slot reaches, so a body cannot make the matcher compare megabytes of tags. */
const MAX_LIST_ITEMS = 256;
const MAX_NAME_LENGTH = 256;

const names = (description: string) =>
  Type.Optional(Type.Array(Type.String({ maxLength: MAX_NAME_LENGTH }), { maxItems: MAX_LIST_ITEMS, description }));

/** What a pilot says about the slot it holds: the job it gets must fit here. Also the route's OpenAPI body. */
export const MatchRequestSchema = Type.Object(
  {
    site: Type.String({ pattern: '^\\S+$', minLength: 1, maxLength: 128, description: 'the DIRAC site name', examples: ['LCG.CPPM.fr'] }),
    ce: Type.Optional(Type.String({ maxLength: MAX_NAME_LENGTH, examples: ['ce01.cppm.in2p3.fr'] })),
    platforms: names('platforms the slot runs, e.g. x86_64-el9'),
    cpuTimeLeft: Type.Integer({ minimum: 0, description: 'CPU work the slot can still give, HS06·s', examples: [86400] }),
    processors: Type.Optional(Type.Integer({ minimum: 1, maximum: 4096, default: 1 })),
    wholeNode: Type.Optional(Type.Boolean({ default: false })),
    ramMB: Type.Optional(Type.Integer({ minimum: 1, description: 'memory of the slot, MB' })),
    tags: names('tags the slot offers'),
    requiredTags: names('tags a job must have to run here'),
    classAd: Type.Optional(
      Type.String({ maxLength: 64 * 1024, description: "the resource's own ClassAd (e.g. with Requirements), JDL syntax" }),
    ),
  },
  { additionalProperties: false },
);

export type MatchRequest = Static<typeof MatchRequestSchema>;
