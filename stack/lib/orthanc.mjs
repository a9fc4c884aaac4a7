// Orthanc: config generation, start, health, loading the sample DICOM files.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DICOMWEB_PLUGIN, ORTHANC_BIN, SAMPLES_DIR } from './paths.mjs';
import { spawnDetached } from './pids.mjs';
import { fetchTimeout, log } from './util.mjs';

const PROXY_USER = 'roi-viewer-proxy';

/**
 * The credentials Orthanc requires (created once per profile, mode 0600): serve.mjs holds them,
 * so a local process that bypasses the proxy cannot use Orthanc's REST API.
 */
export function orthancCredentials(prof) {
  const file = prof.orthancCredentialsFile;
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    if (/^[^:\s]+:\S+$/.test(text)) return text;
  } catch {
    /* first start of this profile */
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = `${PROXY_USER}:${crypto.randomBytes(24).toString('base64url')}`;
  fs.writeFileSync(file, `${text}\n`, { mode: 0o600 });
  return text;
}

/** Authorization header for the stack's own calls (health checks, loading samples). */
export function orthancAuthHeaders(prof) {
  return { Authorization: `Basic ${Buffer.from(orthancCredentials(prof)).toString('base64')}` };
}

export function writeOrthancConfig(prof) {
  const dir = prof.orthancDir;
  fs.mkdirSync(path.join(dir, 'storage'), { recursive: true });
  const [user, password] = orthancCredentials(prof).split(/:(.*)/s);
  const config = {
    Name: `roi-viewer-${prof.name}`,
    HttpPort: prof.orthancPort,
    RemoteAccessAllowed: false, // 1.10 binds all interfaces; this refuses non-loopback clients
    AuthenticationEnabled: true, // loopback clients too: only holders of the credentials file
    RegisteredUsers: { [user]: password },
    DicomServerEnabled: false,
    StorageDirectory: path.join(dir, 'storage'),
    IndexDirectory: path.join(dir, 'storage'),
    Plugins: [DICOMWEB_PLUGIN], // never orthanc-gdcm: it segfaults on JPEG 2000
    KeepAlive: true,
    HttpCompressionEnabled: false, // gzip of every frame made 200 CT frames take 15 s instead of 1 s; serve.mjs gzips JSON only
    TcpNoDelay: true,
    HttpThreadsCount: 50,
    HttpTimeout: 60,
    MaximumStorageCacheSize: 512, // MB; DICOMweb "Full" metadata reads files, the cache keeps them in RAM
    SaveJobs: false,
    StableAge: 5,
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: false,
      StudiesMetadata: 'Full', // plugin 1.7: Full | MainDicomTags | Extrapolate; viewers need full tags
      SeriesMetadata: 'Full',
    },
  };
  const file = path.join(dir, 'orthanc.json');
  fs.writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export function startOrthanc(prof) {
  const config = writeOrthancConfig(prof);
  return spawnDetached(prof, 'orthanc', ORTHANC_BIN, [config], {
    logFile: path.join(prof.logs, 'orthanc.log'),
    port: prof.orthancPort,
    match: 'Orthanc',
    cwd: prof.orthancDir,
  });
}

/** Healthy = REST API answers and the DICOMweb plugin is loaded. */
export async function orthancHealthy(prof) {
  try {
    const headers = orthancAuthHeaders(prof);
    const sys = await fetchTimeout(`${prof.orthancUrl}/system`, { timeout: 2000, headers });
    if (!sys.ok || !(await sys.json()).Version) return false;
    const qido = await fetchTimeout(`${prof.dicomwebUrl}/studies?limit=1`, { timeout: 3000, headers });
    await qido.arrayBuffer();
    return qido.ok;
  } catch {
    return false;
  }
}

/** Upload every manifest instance not yet in Orthanc (checked per study with QIDO). */
export async function loadSamples(prof, manifest) {
  const auth = orthancAuthHeaders(prof);
  let uploaded = 0;
  const missing = [];
  for (const study of manifest) {
    const res = await fetchTimeout(`${prof.dicomwebUrl}/studies/${study.studyUid}/instances`, { timeout: 10000, headers: auth });
    const present = new Set(
      res.status === 200 ? (await res.json()).map((i) => i['00080018']?.Value?.[0]) : (await res.arrayBuffer(), []),
    );
    for (const s of study.series) for (const i of s.instances) if (!present.has(i.sopInstanceUid)) missing.push(i.file);
  }
  const queue = [...missing];
  const worker = async () => {
    for (let file; (file = queue.shift()); ) {
      const body = fs.readFileSync(path.join(SAMPLES_DIR, file));
      const res = await fetchTimeout(`${prof.orthancUrl}/instances`, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/dicom', ...auth },
        timeout: 60000,
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`Orthanc rejected ${file}: HTTP ${res.status} ${text.slice(0, 200)}`);
      uploaded++;
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const total = manifest.reduce((n, s) => n + s.series.reduce((m, x) => m + x.instances.length, 0), 0);
  log(`Orthanc: ${uploaded ? `uploaded ${uploaded} instance(s)` : 'all samples already present'} (${manifest.length} studies, ${total} instances)`);
  return uploaded;
}
