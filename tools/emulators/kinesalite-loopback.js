// Starts kinesalite bound to 127.0.0.1 (its own CLI binds every interface) on the given port,
// 0 meaning a port the kernel picks, and prints the address it listens on.
// Usage: node kinesalite-loopback.js <port> <shardLimit>
'use strict';
const kinesalite = require('kinesalite');

const port = Number(process.argv[2] || 0);
const shardLimit = Number(process.argv[3] || 100);
const server = kinesalite({createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit});
server.listen(port, '127.0.0.1', () => {
  console.log(`Listening at http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
