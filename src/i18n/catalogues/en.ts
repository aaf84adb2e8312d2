/**
 * The English catalogue: the source of every message key. Each other language is typed
 * `Catalogue`, so a key added here and missing there fails `tsc`; test/unit/i18n.test.ts fails
 * when a translation is empty or an error code has no title, detail or action.
 *
 * Namespaces:
 * - `problem.<code>.title|detail|action`: one per ApiError code (src/core/errors.ts). `detail` is
 *   the generic explanation used when the throw site has no specific template; `action` is what
 *   the pharmacist does now (docs/problems.md lists them).
 * - `detail.<code>.<case>`: specific detail templates, `{name}` parameters.
 * - `field.<code>`: the `errors[].message` of a field problem with that code.
 * - `warning.<code>`: the `warnings[].message` of an accepted document.
 * - `page.*`: the member pages (issue 14).
 *
 * Templates use `{name}` and `{n, plural, one {…} other {…}}` (src/i18n/format.ts).
 */
export const en = {
  // --- problem titles, generic details and the pharmacist's action -------------------------------
  "problem.not_found.title": "Not found",
  "problem.not_found.detail": "Nothing with this id exists for your credentials.",
  "problem.not_found.action": "Check the document id; you can only read documents your own pharmacy sent.",
  "problem.route_not_found.title": "No such route",
  "problem.route_not_found.detail": "The gateway has no such address.",
  "problem.route_not_found.action": "Your software calls an address the gateway does not have: contact your software vendor.",
  "problem.method_not_allowed.title": "Method not allowed",
  "problem.method_not_allowed.detail": "This address does not accept that method.",
  "problem.method_not_allowed.action": "Contact your software vendor.",
  "problem.malformed_json.title": "Malformed JSON body",
  "problem.malformed_json.detail": "The body is not valid JSON.",
  "problem.malformed_json.action": "Send the sale again; if this repeats, contact your software vendor.",
  "problem.malformed_xml.title": "Malformed XML body",
  "problem.malformed_xml.detail": "The body is not a well-formed UTF-8 XML message.",
  "problem.malformed_xml.action": "Send the sale again; if this repeats, contact your software vendor.",
  "problem.bad_request.title": "Bad request",
  "problem.bad_request.detail": "The request could not be read.",
  "problem.bad_request.action": "Send it again; if this repeats, contact your software vendor.",
  "problem.validation_failed.title": "The request has invalid fields",
  "problem.validation_failed.detail": "The request has invalid fields; see errors[].",
  "problem.validation_failed.action": "Correct each field listed and send the attest again.",
  "problem.unsupported_media_type.title": "Unsupported content type",
  "problem.unsupported_media_type.detail": "This address does not accept that Content-Type.",
  "problem.unsupported_media_type.action": "Contact your software vendor.",
  "problem.not_acceptable.title": "No acceptable representation",
  "problem.not_acceptable.detail": "The gateway cannot answer in the format asked for in Accept.",
  "problem.not_acceptable.action": "Contact your software vendor.",
  "problem.payload_too_large.title": "Body too large",
  "problem.payload_too_large.detail": "The body is larger than this address accepts.",
  "problem.payload_too_large.action": "Split the sale into several attests; if this repeats, contact your software vendor.",
  "problem.unauthenticated.title": "Missing or invalid credentials",
  "problem.unauthenticated.detail": "Missing or invalid credentials.",
  "problem.unauthenticated.action": "Check the pharmacy's API key in your software's settings; ask the operator for a new key if it was revoked.",
  "problem.forbidden.title": "Not allowed for these credentials",
  "problem.forbidden.detail": "These credentials may not do this.",
  "problem.forbidden.action": "Use this pharmacy's own key, and send only documents that name this pharmacy.",
  "problem.barcode_refused.title": "The scanned barcode is refused",
  "problem.barcode_refused.detail": "The scanned barcode is refused; see errors[].",
  "problem.barcode_refused.action": "Ask the patient for their current card (their insurer's app shows a new barcode), or hand out the paper attest.",
  "problem.conflict.title": "Conflicts with the stored state",
  "problem.conflict.detail": "This conflicts with what is stored.",
  "problem.conflict.action": "Give a new sale a new document id; a reprint (DUPLICATA) must be sent unchanged.",
  "problem.lease_expired.title": "The export lease has expired",
  "problem.lease_expired.detail": "The lease of this batch has expired.",
  "problem.lease_expired.action": "Lease a new batch.",
  "problem.rate_limited.title": "Too many requests",
  "problem.rate_limited.detail": "Too many requests for these credentials.",
  "problem.rate_limited.action": "Wait the seconds given in Retry-After and send again.",
  "problem.internal.title": "Internal error",
  "problem.internal.detail": "Something went wrong on our side; the request id identifies it in our logs.",
  "problem.internal.action": "Send again later; if it repeats, hand out the paper attest and give the request id to support.",
  "problem.unavailable.title": "Temporarily unavailable",
  "problem.unavailable.detail": "The service is temporarily unavailable.",
  "problem.unavailable.action": "Send again in a moment; if it lasts, hand out the paper attest.",
  "problem.not_implemented.title": "Not available on this runtime",
  "problem.not_implemented.detail": "This function is not available on this gateway.",
  "problem.not_implemented.action": "Contact the operator of the gateway.",

  // --- specific details ---------------------------------------------------------------------------
  "detail.validation_failed.document": "The document has {count, plural, one {# problem} other {# problems}}; see errors[].",
  "detail.unauthenticated.api_key_missing": "Send `Authorization: Bearer <API key>`.",
  "detail.unauthenticated.api_key_unknown": "The API key is unknown or revoked.",
  "detail.unauthenticated.member_token_missing": "Send `Authorization: Bearer <access token>` from your insurer's sign-in.",
  "detail.forbidden.wrong_key": "This address needs a {kind} key.",
  "detail.forbidden.not_your_pharmacy": "This key acts for pharmacy {nihii}; the document names another pharmacy.",
  "detail.barcode_refused.reason": "The scanned barcode is refused: {reason}.",
  "detail.conflict.document_id_reused": "This document id was already used for a document with other content.",
  "detail.not_found.document": "No document with this id for this pharmacy.",
  "detail.rate_limited.retry": "Too many requests for these credentials; retry after {seconds} s.",
  "detail.payload_too_large.limit": "Bodies are limited to {bytes} bytes.",
  "detail.route_not_found.route": "No route for {method} {path}.",
  "detail.unsupported_media_type.bvac": "Send application/json, or an SMC single message as application/xml.",

  // --- field problems (errors[].message) ----------------------------------------------------------
  "field.required": "required",
  "field.invalid_document_id": "a document id is 1–64 letters, digits, '.', '_' or '-'",
  "field.invalid_nihii": "a NIHII number is 8 digits whose last 2 are 97 − (first 6 mod 97)",
  "field.invalid_text": "at most {max} characters",
  "field.invalid_currency": "only EUR is accepted",
  "field.invalid_date": "a real day written YYYY-MM-DD; a delivery date cannot be in the future",
  "field.invalid_riziv": "a RIZIV/INAMI number is 11 digits with a mod-97 check in digits 7–8",
  "field.invalid_rid": "a Recip-e prescription id (RID) is BEP + 9 capital letters or digits",
  "field.invalid_product_type": "the product type is 0 (none), 1 (CNK) or 2 (magistral)",
  "field.invalid_product_id": "a product id is 15 characters",
  "field.invalid_cnk": "a CNK line's id is 8 zeros and a 7-digit CNK with a valid check digit",
  "field.invalid_quantity": "the quantity is a whole number of packs (digits only)",
  "field.invalid_amount": "an amount has a dot and exactly 2 decimals, e.g. 12.30",
  "field.totals_mismatch": "the total does not equal the sum of the lines (the homeopathy total is part of the paid total)",
  "field.invalid_line_count": "a document has 1 to {max} product lines",
  "field.invalid_barcode": "the barcode is the scanned text: AP1: and a signed token, or 14 digits (4-digit insurer code and 10-digit key1)",
  "field.unsupported_message": "not an SMC single message holding a BVAC document",
  "field.multiple_documents": "send one BVAC document per message",
  "field.not_your_pharmacy": "the document's pharmacy must be the key's own",
  "field.document_id_reused": "send a new document id for a different sale",
  // barcode refusal reasons
  "field.invalid_format": "not in the expected format",
  "field.bad_signature": "the signed barcode does not verify",
  "field.unknown_kid": "the signed barcode was signed with an unknown key",
  "field.expired": "the signed barcode has expired; the member can download a new one",
  "field.not_yet_valid": "the signed barcode is not valid yet",
  "field.revoked": "the signed barcode was revoked (card lost or replaced)",
  "field.legacy_rejected": "this insurer no longer accepts the unsigned 14-digit code",
  "field.bad_check_digits": "the 14-digit code's mod-97 check digits do not match",
  "field.unknown_insurer": "no participating insurer has this code",
  "field.unknown_member": "the insurer has no member with this number",
  "field.not_covered": "the member is not covered on the delivery date",
  // unreadable XML
  "field.not_utf8": "only UTF-8 is accepted",
  "field.doctype_refused": "DOCTYPE and ENTITY declarations are not accepted",
  "field.too_many_elements": "the message has too many elements",
  "field.too_deep": "the elements are nested too deeply",
  "field.not_well_formed": "not well-formed XML",
  "field.no_element": "the body holds no XML element",
  // roster, decisions, onboarding
  "field.malformed_json": "not a JSON object",
  "field.empty": "no lines",
  "field.period_reversed": "the period ends before it starts",
  "field.period_overlap": "overlaps another coverage period of this member",
  "field.insurer_not_allowed": "an insurer code these credentials may not manage",
  "field.duplicate_member": "this member appears on an earlier line",
  "field.self_guardian": "a member cannot be their own guardian",
  "field.unknown_guardian": "no such member in this roster or stored",
  "field.exceeds_paid_total": "at most {max}, what the patient paid",
  "field.reimbursement_required": "required when the status is paid",
  "field.reimbursement_not_allowed": "a rejected document reimburses nothing",
  // zod's issue codes, for bodies checked by a schema
  "field.invalid_seal_key": "not an RSA public key the gateway can seal exports with",
  "field.invalid_type": "expected {expected}",
  "field.too_big": "too large: at most {maximum}",
  "field.too_small": "too small: at least {minimum}",
  "field.invalid_value": "not one of the accepted values",
  "field.unrecognized_keys": "unknown fields are not accepted",
  "field.invalid_union": "matches none of the accepted forms",
  "field.invalid_key": "a key is not accepted",
  "field.invalid_element": "an element is not accepted",
  "field.not_multiple_of": "not a multiple of the required step",
  "field.custom": "not accepted",

  // --- warnings of an accepted document -----------------------------------------------------------
  "warning.national_number_dropped": "the patient's national number is not used and was not stored",
  "warning.totals_computed": "totals were not sent; they were computed from the lines",
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
/** A catalogue of another language: every key of `en`, each translated. */
export type Catalogue = Readonly<Record<MessageKey, string>>;
