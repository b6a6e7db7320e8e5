// Preloaded into the server under test (`node --require test/lsp/guard.cjs dist/server.js`):
// records every network attempt, every file write and every file read, and refuses the network.
// The record goes to the file named by TRE_GUARD_LOG, one JSON line per event.
const fs = require('fs');
const net = require('net');
const dns = require('dns');
const http = require('http');
const https = require('https');
const tls = require('tls');
const dgram = require('dgram');

// Written with a raw descriptor: fs.appendFileSync would call the patched writeFileSync.
const fd = process.env.TRE_GUARD_LOG ? fs.openSync(process.env.TRE_GUARD_LOG, 'a') : undefined;
function record(kind, detail) {
  if (fd !== undefined) fs.writeSync(fd, JSON.stringify({ kind, detail: String(detail) }) + '\n');
}
function refuse(name) {
  return function () {
    record('network', name);
    throw new Error(`network access refused by test guard: ${name}`);
  };
}

net.connect = net.createConnection = refuse('net.connect');
net.Socket.prototype.connect = refuse('net.Socket.connect');
tls.connect = refuse('tls.connect');
http.request = http.get = refuse('http.request');
https.request = https.get = refuse('https.request');
dns.lookup = dns.resolve = refuse('dns.lookup');
dgram.createSocket = refuse('dgram.createSocket');
if (typeof globalThis.fetch === 'function') globalThis.fetch = refuse('fetch');

for (const name of ['writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'rename', 'renameSync', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'mkdir', 'mkdirSync', 'copyFile', 'copyFileSync', 'truncate', 'truncateSync']) {
  const original = fs[name];
  fs[name] = function (target, ...rest) {
    record('write', `${name} ${target}`);
    return original.call(this, target, ...rest);
  };
}
for (const name of ['readFile', 'readFileSync', 'createReadStream']) {
  const original = fs[name];
  fs[name] = function (target, ...rest) {
    record('read', target);
    return original.call(this, target, ...rest);
  };
}
