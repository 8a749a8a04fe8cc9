/**
 * C16 标准化信用信息报告 — the report API as the portal pages consume it (shapes: src/modules/reports/schemas.ts).
 * The server decides what a reader may see and masks it; the pages show the report and hand over files.
 */
import { parseProblem, postJson, ProblemError } from '../../api/problem-request.ts';
import { currentLanguage } from '../../i18n/index.ts';

export type ReportVersion = 'public' | 'authorised' | 'subject' | 'operator';
export type Scalar = string | number | boolean | null;

export interface ReportRecord {
  key: string;
  version: number;
  validFrom: string;
  data: Record<string, Scalar>;
  masked: string[];
  objection: { state: string; filedAt: string } | null;
}

export interface ReportItem {
  code: string;
  name: string;
  nameEn: string;
  level: string;
  provider: string;
  sharingMode: string;
  updateFrequency: string;
  access: string;
  authorisationId: string | null;
  latestValidFrom: string | null;
  fields: { code: string; name: string; nameEn: string }[];
  records: ReportRecord[];
}

export interface ReportContent {
  format: string;
  number: string;
  version: ReportVersion;
  generatedAt: string;
  node: { name: string; regionCode: string };
  requester: { orgName: string; orgKind: string };
  purpose: string | null;
  registry: {
    uscc: string; name: string; entityType: string; status: string; regionCode: string; regionName: string; industryCode: string; industryName: string;
    establishedOn: string | null; registrationAuthority: string; registeredCapital: string | null; legalRepName: string | null; legalRepIdNumber: string | null;
    legalRepMasked: boolean; sizeClass: string; sizeRule: string; employees: number | null; revenue: string | null; assets: string | null;
  };
  evaluation: {
    score: number; grade: string; modelVersion: number; computedAt: string;
    reasons: { code: string; direction: string; zh: string; en: string }[]; tags: { tag: string; zh: string; en: string }[];
  } | null;
  sections: { code: string; name: string; nameEn: string; items: ReportItem[] }[];
  objectionsInProgress: number;
  withheld: { total: number; repaired: number; expired: number; deleted: number };
  notIncluded: string[];
}

export interface Report {
  content: ReportContent;
  digest: string;
  digestAlg: 'SM3';
  evidence: { auditIndex: number; receiptPath: string };
  verifyPath: string;
}

export interface ReportRequest { uscc: string; purpose?: string; reason?: string }

export interface VerifyAnswer {
  authentic: boolean;
  reason: string | null;
  number: string | null;
  generatedAt: string | null;
  enterpriseName: string | null;
  version: string | null;
  auditIndex: number | null;
}

export const generateReport = (request: ReportRequest) => postJson<Report>('/reports', request);
export const verifyReport = (body: { number?: string; digest?: string; file?: string }) => postJson<VerifyAnswer>('/reports/verify', body);

/** Fetches the PDF of a new generation and hands it to the browser as a download (its own report number). */
export async function downloadReportPdf(request: ReportRequest): Promise<{ number: string; digest: string }> {
  let response: Response;
  try {
    response = await fetch('/api/v1/reports/pdf', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/pdf, application/problem+json', 'accept-language': currentLanguage() },
      body: JSON.stringify(request),
    });
  } catch (error) {
    throw new ProblemError(0, { code: 'NETWORK', title: String(error) });
  }
  if (!response.ok) throw parseProblem(response.status, response.statusText, await response.text());
  const number = response.headers.get('x-report-number') ?? 'report';
  saveBlob(await response.blob(), `${number}.pdf`);
  return { number, digest: response.headers.get('x-report-digest') ?? '' };
}

/** The report as JSON exactly as received (content + digest), verifiable by upload. */
export function downloadReportJson(report: Report): void {
  saveBlob(new Blob([JSON.stringify(report)], { type: 'application/json' }), `${report.content.number}.json`);
}

function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // the click has handed the blob to the download manager; free it on the next turn
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** base64 of a chosen file, for the verification upload. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
