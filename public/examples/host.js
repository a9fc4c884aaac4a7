// Example host page for the ROI viewer's postMessage API (protocol "roi-viewer", version 1).
// It runs on its own origin; the viewer only obeys origins listed in its config.json
// (embed.allowedOrigins), and this page only trusts messages from the viewer's origin.
'use strict';

const TYPE = 'roi-viewer';
const VERSION = 1;
const DEFAULT_VIEWER = 'http://127.0.0.1:14173/';

const $ = (id) => document.getElementById(id);
const frame = $('viewer');
const params = new URLSearchParams(location.search);
let viewerOrigin = '';
let seq = 0;
/** Every message received from the viewer, for scripts and tests driving this page. */
window.received = [];

function log(direction, name, detail) {
  const li = document.createElement('li');
  li.className = direction === 'in' ? (name === 'error' ? 'in error' : 'in') : 'out';
  li.dataset.direction = direction;
  li.dataset.name = name;
  // textContent, never innerHTML: messages carry ROI labels typed by users.
  li.textContent = `${direction === 'in' ? '←' : '→'} ${name} ${detail === undefined ? '' : JSON.stringify(detail)}`;
  $('log').append(li);
  li.scrollIntoView({ block: 'nearest' });
}

/** Sends a command to the viewer, addressed to its exact origin (never "*"). */
function send(name, payload) {
  if (!frame.contentWindow || !viewerOrigin) return;
  const id = `h${++seq}`;
  const message = { type: TYPE, version: VERSION, id, name, ...(payload === undefined ? {} : { payload }) };
  frame.contentWindow.postMessage(message, viewerOrigin);
  // The token is a secret: it is never written to the page log.
  log('out', name, name === 'set-access-token' ? { ...payload, token: '(redacted)' } : payload);
  return id;
}

/** For scripts and tests driving this page: any command, by name; returns its id. */
window.sendCommand = send;

function sendToken() {
  const token = $('token').value.trim();
  if (!token) return;
  const expiresAt = Number($('expires-at').value.trim());
  send('set-access-token', { token, ...(expiresAt > 0 ? { expiresAt } : {}) });
}

window.addEventListener('message', (e) => {
  // Only the framed viewer, and only from its origin.
  if (e.source !== frame.contentWindow || e.origin !== viewerOrigin) return;
  const m = e.data;
  if (!m || m.type !== TYPE) return;
  window.received.push(m);
  log('in', m.name, m.inReplyTo ? { inReplyTo: m.inReplyTo, ...m.payload } : m.payload);
  if (m.name === 'dirty-changed') $('dirty').value = m.payload.dirty ? `yes (${m.payload.pending})` : 'no';
  if (m.name === 'token-expired' && $('auto-token').checked) sendToken();
});

function loadViewer() {
  const raw = $('viewer-url').value.trim() || DEFAULT_VIEWER;
  let url;
  try {
    url = new URL(raw);
  } catch {
    log('out', 'error', { message: `not a URL: ${raw}` });
    return;
  }
  viewerOrigin = url.origin;
  const size = $('frame-size').value;
  frame.classList.toggle('fixed', size !== 'fill');
  if (size !== 'fill') {
    const [w, h] = size.split('x');
    frame.style.setProperty('--w', `${w}px`);
    frame.style.setProperty('--h', `${h}px`);
  }
  frame.src = url.href;
}

$('viewer-url').value = params.get('viewer') ?? DEFAULT_VIEWER;
if (params.get('size')) $('frame-size').value = params.get('size');
if (params.get('study')) $('study-uid').value = params.get('study');
$('viewer-form').addEventListener('submit', (e) => {
  e.preventDefault();
  loadViewer();
});
$('open-study').addEventListener('click', () => {
  const studyUid = $('study-uid').value.trim();
  const seriesUid = $('series-uid').value.trim();
  send('open-study', { studyUid, ...(seriesUid ? { seriesUid } : {}) });
});
$('mode-edit').addEventListener('click', () => send('set-mode', { mode: 'edit' }));
$('mode-review').addEventListener('click', () => send('set-mode', { mode: 'review' }));
$('set-tool').addEventListener('click', () => send('set-tool', { tool: $('tool').value }));
$('save').addEventListener('click', () => send('save'));
$('get-state').addEventListener('click', () => send('get-state'));
$('malformed').addEventListener('click', () => send('set-tool', { tool: 'Laser' }));
$('send-token').addEventListener('click', sendToken);
$('clear-log').addEventListener('click', () => $('log').replaceChildren());
loadViewer();
