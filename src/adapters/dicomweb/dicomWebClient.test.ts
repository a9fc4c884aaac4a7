import { describe, expect, it } from 'vitest';
import { createDicomWebClient } from './dicomWebClient';
import { DicomWebError } from './DicomWebError';

function recordingClient() {
  const urls: string[] = [];
  const client = createDicomWebClient({
    qidoRoot: 'https://viewer.example/dicom-web',
    wadoRoot: 'https://viewer.example/dicom-web',
    fetch: async (input) => {
      urls.push(String(input));
      return new Response('[]', { status: 200, headers: { 'Content-Type': 'application/dicom+json' } });
    },
  });
  return { client, urls };
}

describe('dicomWebClient UID checks', () => {
  const bad = ['1.2.3/../../system', '1.2.3?x=1', '../patients', '1.2.3%2f..', ''];
  it('refuses a study or series UID that is not a DICOM UID before any request', async () => {
    const { client, urls } = recordingClient();
    for (const uid of bad) {
      await expect(client.getStudy(uid)).rejects.toBeInstanceOf(DicomWebError);
      await expect(client.searchSeries(uid)).rejects.toMatchObject({ kind: 'invalid-uid' });
      await expect(client.getSeriesMetadata('1.2', uid)).rejects.toMatchObject({ kind: 'invalid-uid' });
      await expect(client.getStudyIndex(uid)).rejects.toMatchObject({ kind: 'invalid-uid' });
    }
    expect(urls).toEqual([]);
  });
  it('requests valid UIDs as they are', async () => {
    const { client, urls } = recordingClient();
    await client.getSeriesMetadata('1.2.840.1', '1.2.840.1.2');
    expect(urls).toEqual(['https://viewer.example/dicom-web/studies/1.2.840.1/series/1.2.840.1.2/metadata']);
  });
});
