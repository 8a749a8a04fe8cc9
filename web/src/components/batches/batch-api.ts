import { ApiError } from '../../api/client.ts';
import type { BatchSummary, LocalisedMessage, Problem, ResubmissionBody } from '../../api/types.ts';
import { currentLanguage } from '../../i18n/index.ts';

/** A problem+json failure that keeps the whole problem, including members beyond the RFC 9457 ones. */
export class ProblemError extends ApiError {
  readonly problem: Problem & Record<string, unknown>;

  constructor(status: number, problem: Problem & Record<string, unknown>) {
    super(status, problem);
    this.problem = problem;
  }
}

export const BATCHES_PATH = '/aggregation/batches';

/** The server writes both languages into rows and batch errors; the reader sees the current one. */
export function localised(message: Pick<LocalisedMessage, 'zh' | 'en'>): string {
  return currentLanguage() === 'en' ? message.en : message.zh;
}

function parseProblem(status: number, statusText: string, text: string): ProblemError {
  if (text !== '') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object') return new ProblemError(status, parsed as Problem & Record<string, unknown>);
    } catch (error) {
      // a proxy or crash page answered with something that is not JSON: keep its status, drop the body
      console.warn('non-JSON error body', status, error);
    }
  }
  return new ProblemError(status, { status, title: statusText });
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

/** POSTs JSON and keeps the server's whole problem on failure; messages come back in the reader's language. */
export async function postJson<T>(path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json, application/problem+json',
        'accept-language': currentLanguage(),
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  } catch (error) {
    throw new ProblemError(0, { code: 'NETWORK', title: String(error) });
  }
  if (!response.ok) throw parseProblem(response.status, response.statusText, await response.text());
  return (await response.json()) as T;
}

/** Sends corrected quarantined rows; the answer is the new batch (source 'resubmission'). */
export function resubmitRows(batchId: string, body: ResubmissionBody): Promise<BatchSummary> {
  return postJson<BatchSummary>(`${BATCHES_PATH}/${encodeURIComponent(batchId)}/resubmissions`, body);
}
