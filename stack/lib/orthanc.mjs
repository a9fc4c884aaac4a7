// Orthanc: config generation, start, health, loading the sample DICOM files.
import fs from 'node:fs';
import path from 'node:path';
import { DICOMWEB_PLUGIN, ORTHANC_BIN, SAMPLES_DIR } from './paths.mjs';
import { spawnDetached } from './pids.mjs';
import { fetchTimeout, log } from './util.mjs';

export function writeOrthancConfig(prof) {
  const dir = prof.orthancDir;
  fs.mkdirSync(path.join(dir, 'storage'), { recursive: true });
  const config = {
    Name: `roi-viewer-${prof.name}`,
    HttpPort: prof.orthancPort,
    RemoteAccessAllowed: false, // 1.10 binds all interfaces; this refuses non-loopback clients
    AuthenticationEnabled: false,
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
    const sys = await fetchTimeout(`${prof.orthancUrl}/system`, { timeout: 2000 });
    if (!sys.ok || !(await sys.json()).Version) return false;
    const qido = await fetchTimeout(`${prof.dicomwebUrl}/studies?limit=1`, { timeout: 3000 });
    await qido.arrayBuffer();
    return qido.ok;
  } catch {
    return false;
  }
}

/** Upload every manifest instance not yet in Orthanc (checked per study with QIDO). */
export async function loadSamples(prof, manifest) {
  let uploaded = 0;
  const missing = [];
  for (const study of manifest) {
    const res = await fetchTimeout(`${prof.dicomwebUrl}/studies/${study.studyUid}/instances`, { timeout: 10000 });
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
        headers: { 'Content-Type': 'application/dicom' },
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
