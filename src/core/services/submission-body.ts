import { ApiError } from "../errors.js";
import type { Submission } from "./ingest.js";
import { submissionFromJsonText, submissionFromXml } from "./submission-input.js";

const isJson = (contentType: string) => /^application\/([a-z.-]+\+)?json\b/i.test(contentType);
const isXml = (contentType: string) => /^(application|text)\/xml\b/i.test(contentType);

/** The media type a file of this name is sent as: what `validate` assumes for a file on disk. */
export function contentTypeOfFile(name: string, bytes: Uint8Array): string {
  if (/\.json$/i.test(name)) return "application/json";
  if (/\.xml$/i.test(name)) return "application/xml";
  // Anything else: by its first non-blank byte.
  const first = bytes.find((byte) => byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0xef && byte !== 0xbb && byte !== 0xbf);
  return first === 0x3c ? "application/xml" : "application/json";
}

/**
 * A submitted body as POST /v1/bvac reads it, before anything stored is consulted: JSON or an SMC
 * single message by Content-Type, every input problem in one ApiError (400, 415 or 422). The route
 * and `npm run cli -- validate` both call this, so a vendor certifying offline sees the same codes.
 */
export function submissionFromBody(contentType: string, bytes: Uint8Array, today: string): Submission {
  if (isJson(contentType)) return submissionFromJsonText(new TextDecoder().decode(bytes), today);
  if (isXml(contentType)) return submissionFromXml(bytes, today);
  throw new ApiError("unsupported_media_type", { key: "detail.unsupported_media_type.bvac" });
}
