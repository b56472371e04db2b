// A simulated pilot: the protocol of libs/protocol over a real WebSocket, without running anything.
// It says hello, asks for work and reports like the real pilot (pilot/), so the server cannot tell.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { createMessage, createRequestIds, decodeServerFrame, encodeMessage } from '@majorana/protocol';

const RESOURCES = Object.freeze({ processors: 1, memoryMiB: 2048, diskMiB: 10_000, timeLeftS: 86_400, platform: '', tags: [], slots: 1 });
const FREE = Object.freeze({ processors: 1, memoryMiB: 2048, timeLeftS: 86_400, tags: [] });

/**
 * Connects and says hello; resolves once welcomed. `onJob(job)` is called for each job pushed.
 * The returned object asks for work (`requestWork()`), sends heartbeats and closes.
 */
export function connectSimulatedPilot(serverUrl, token, { site = 'LCG.Bench.org', ce = 'ce.bench', onJob = () => {} } = {}) {
  const url = `${serverUrl.replace(/^http/, 'ws')}/api/pilots/connect`;
  const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
  const nextId = createRequestIds('p');
  const pilotRef = `sim://${ce}/${randomUUID()}`;
  const send = (type, payload) => socket.send(encodeMessage(createMessage(type, nextId(), payload)));
  let welcomed;
  const ready = new Promise((resolve, reject) => {
    welcomed = resolve;
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: HTTP ${response.statusCode}`)));
  });
  socket.on('open', () => send('hello', { pilotRef, ce, site, pilotVersion: 'bench', resources: RESOURCES, runningJobs: [] }));
  socket.on('message', (data, isBinary) => {
    const decoded = decodeServerFrame(data, isBinary);
    if (!decoded.ok) {
      throw new Error(`the server sent a bad frame: ${decoded.error.message}`);
    }
    const message = decoded.message;
    if (message.type === 'welcome') {
      welcomed();
    } else if (message.type === 'job') {
      onJob(message);
    }
  });
  return ready.then(() => ({
    pilotRef,
    requestWork: () => send('request-work', { freeSlots: 1, resources: FREE }),
    heartbeat: () => send('heartbeat', { jobs: [] }),
    close: () =>
      new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) {
          resolve();
          return;
        }
        socket.once('close', resolve);
        socket.close();
      }),
    terminate: () => socket.terminate(),
  }));
}
