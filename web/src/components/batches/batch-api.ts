import { parseProblem, postJson, ProblemError } from '../../api/problem-request.ts';
import type { BatchSummary, LocalisedMessage, ResubmissionBody } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';

export const BATCHES_PATH = '/aggregation/batches';

/** The server writes both languages into rows and batch errors; the reader sees the current one. */
export function localised(message: Pick<LocalisedMessage, 'zh' | 'en'>): string {
  return currentLanguage() === 'en' ? message.en : message.zh;
}

export interface UploadRequest {
  item: string;
  batchId: string;
  body: ArrayBuffer;
  contentType: string;
  /** fraction of the body sent so far, 0…1 */
  onProgress?: (sent: number) => void;
}

export interface UploadResult {
  batch: BatchSummary;
  /** 201 for a new batch, 200 when the same batch had already been received */
  status: number;
}

/**
 * Sends a batch file as it is (the server detects UTF-8/GBK and parses). XMLHttpRequest rather than fetch because
 * only it reports upload progress, which matters for large files.
 */
export function uploadBatch(request: UploadRequest): Promise<UploadResult> {
  const search = new URLSearchParams({ item: request.item, batchId: request.batchId, source: 'portal' });
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${BATCHES_PATH}?${search.toString()}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', request.contentType);
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('accept-language', currentLanguage());
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) request.onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new ProblemError(0, { code: 'NETWORK', title: 'network error' }));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve({ batch: JSON.parse(xhr.responseText) as BatchSummary, status: xhr.status });
        } catch (error) {
          reject(new ProblemError(xhr.status, { code: 'BAD_RESPONSE', title: String(error) }));
        }
        return;
      }
      reject(parseProblem(xhr.status, xhr.statusText, xhr.responseText));
    };
    xhr.send(request.body);
  });
}


/** Sends corrected quarantined rows; the answer is the new batch (source 'resubmission'). */
export function resubmitRows(batchId: string, body: ResubmissionBody): Promise<BatchSummary> {
  return postJson<BatchSummary>(`${BATCHES_PATH}/${encodeURIComponent(batchId)}/resubmissions`, body);
}

export { postJson, ProblemError };
