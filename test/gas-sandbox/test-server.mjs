// A small HTTP server for the sandbox's own tests. It runs in a worker thread: the sandbox blocks the
// main thread during UrlFetchApp calls, so a server on the main thread could never answer.
//   /status/CODE?body=TEXT   answers CODE with TEXT (text/plain)
//   /delay/MS                answers 200 after MS milliseconds
//   /headers                 sends headers in mixed case, one of them twice
//   /echo                    answers JSON {method, url, headers (as received), body}
//   /bytes                   answers the bytes 0x89 'P' 'N' 'G' 0x00 0xff
//   /destroy                 destroys the socket without answering
//   /redirect                302 to /status/200?body=redirected
import http from 'node:http';
import { parentPort } from 'node:worker_threads';

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const [, route, arg] = url.pathname.split('/');
    if (route === 'status') {
      res.writeHead(Number(arg), { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(url.searchParams.get('body') ?? '');
    } else if (route === 'delay') {
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end(`waited ${arg}`);
      }, Number(arg));
    } else if (route === 'headers') {
      res.setHeader('X-SB-Response-Signature', 'abc');
      res.setHeader('x-lower-case', 'yes');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.end('ok');
    } else if (route === 'echo') {
      const headers = {};
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i]] = req.rawHeaders[i + 1];
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, url: req.url, headers, body }));
    } else if (route === 'bytes') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
    } else if (route === 'destroy') {
      req.socket.destroy();
    } else if (route === 'redirect') {
      res.writeHead(302, { Location: '/status/200?body=redirected' });
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  parentPort.postMessage({ port: server.address().port });
});
