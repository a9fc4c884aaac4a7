// Is a TCP port free? And if not, who holds it?
import net from 'node:net';
import { execFileSync } from 'node:child_process';

/** True if nothing listens on the port (checked by binding all interfaces, as Orthanc does). */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '0.0.0.0', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Best-effort description of the process listening on a port, e.g. 'Orthanc (pid 123)'. */
export function portOwner(port) {
  try {
    const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8', timeout: 3000 });
    const m = out.match(/users:\(\("([^"]+)",pid=(\d+)/);
    if (m) return `${m[1]} (pid ${m[2]})`;
  } catch {
    /* ss missing or not permitted */
  }
  return 'another process';
}

export function portTakenMessage(port, what) {
  const owner = portOwner(port);
  let hint = `Stop it, or use the other profile (--profile dev|test).`;
  if (/orthanc/i.test(owner)) {
    hint = `If this is Debian's orthanc service started by the package install, stop it: systemctl disable --now orthanc (or: service orthanc stop).`;
  }
  return `Port ${port} (needed for ${what}) is already in use by ${owner}. ${hint}`;
}
