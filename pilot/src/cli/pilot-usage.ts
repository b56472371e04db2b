/** The `--help` text. Defaults here must match `parsePilotArgs`. */
export const PILOT_USAGE = `Usage: node pilot.js --server URL (--token TOKEN | --token-file FILE) [options]

Runs Majorana jobs on this worker node: connects to the server over one WebSocket, asks for work,
runs the jobs it is given, reports them, and leaves when idle, drained or out of time.

Options:
  --server URL             the Majorana server (http(s):// or ws(s)://; /api/pilots/connect is added)
  --token TOKEN            the pilot credential (visible in ps: prefer --token-file or
                           MAJORANA_PILOT_TOKEN)
  --token-file FILE        read the pilot credential from FILE
  --slots N                how many jobs to run at once (default: one per processor found)
  --site S                 the site name told to the server, e.g. LCG.CPPM.fr (default: Unknown)
  --ce C                   the computing element name told to the server (default: the host name)
  --cpu-normalization F    HS06 per core of this node; a job's CPUTime / F is its CPU-second limit (default 1)
  --max-time S             seconds this pilot may live (default: what the batch system grants)
  --idle-timeout S         leave after S seconds without a job (default 120)
  --min-time-left S        stop asking for work below S seconds left (default 300)
  --reconnect-timeout S    give up after S seconds without a connection (default 600)
  --work-dir D             where jobs run (default: the current directory)
  --pilot-ref REF          this pilot's reference (default: MAJORANA_PILOT_REF, else a random UUID)
  -h, --help               print this help
  -V, --version            print the pilot version

Exit codes: 0 idle/drained/time-left/done, 1 error, 2 bad command line, 130 SIGINT, 143 SIGTERM.
`;
