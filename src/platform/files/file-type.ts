/**
 * Uploaded documents (written authorisations, objection and repair evidence) are accepted only when their first bytes
 * agree with the declared type: a renamed executable or script is not a scan.
 */

/** The file's first bytes agree with its declared type (PDF, PNG, JPEG, TIFF). */
export function matchesType(bytes: Buffer, contentType: string): boolean {
  const starts = (hex: string) => bytes.subarray(0, hex.length / 2).toString('hex') === hex;
  switch (contentType) {
    case 'application/pdf': return starts('255044462d');
    case 'image/png': return starts('89504e470d0a1a0a');
    case 'image/jpeg': return starts('ffd8ff');
    case 'image/tiff': return starts('49492a00') || starts('4d4d002a');
    default: return false;
  }
}
