-- C16 standardized credit reports (标准化信用信息报告): one row per generated report. The content is never stored
-- (it is generated from current data and handed to the requester); the row keeps what verification needs: the
-- report number, whose report it is, which version, for whom, the SM3 of its canonical content, the SM3 of the PDF
-- file when the report was delivered as a PDF, and the audit-log entry (leaf index) of the generation.
CREATE TABLE credit_reports (
  number text PRIMARY KEY,
  uscc text NOT NULL,
  version text NOT NULL CHECK (version IN ('public', 'authorised', 'subject', 'operator')),
  format text NOT NULL CHECK (format IN ('json', 'pdf')),
  requester_org_id uuid NOT NULL,
  requester_kind text NOT NULL,
  content_sm3 text NOT NULL CHECK (content_sm3 ~ '^[0-9a-f]{64}$'),
  file_sm3 text CHECK (file_sm3 ~ '^[0-9a-f]{64}$'),
  generated_at timestamptz NOT NULL,
  audit_index bigint NOT NULL
);
-- an enterprise's reports and an organisation's requests, newest first
CREATE INDEX credit_reports_uscc ON credit_reports (uscc, generated_at DESC);
CREATE INDEX credit_reports_requester ON credit_reports (requester_org_id, generated_at DESC);
