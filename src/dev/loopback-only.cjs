/**
 * Preloaded (node --require) into the Agents Playground, which otherwise listens on every network
 * interface: any server it starts without naming a host is bound to 127.0.0.1 instead.
 * Also ends the Playground when the process that started it has gone, so no orphan is left behind
 * even if `npm start` is killed with SIGKILL.
 */
'use strict';
const net = require('node:net');

const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    const host = args[1];
    if (typeof host !== 'string') args.splice(1, 0, '127.0.0.1');
    else if (host === '0.0.0.0' || host === '::' || host === '') args[1] = '127.0.0.1';
  } else if (first && typeof first === 'object' && !('fd' in first) && !('path' in first)) {
    if (!first.host || first.host === '0.0.0.0' || first.host === '::')
      args[0] = { ...first, host: '127.0.0.1' };
  } else if (first === undefined || typeof first === 'function') {
    args.unshift(0, '127.0.0.1');
  }
  return originalListen.apply(this, args);
};

const parentPid = Number(process.env.LAC_PARENT_PID);
if (parentPid > 0) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      process.exit(0);
    }
  }, 1000).unref();
}
