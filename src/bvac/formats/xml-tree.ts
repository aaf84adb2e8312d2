import { SaxesParser, type SaxesTagNS } from "saxes";

/**
 * A small namespaced element tree read with saxes, safe for untrusted bodies: no DTD (a DOCTYPE,
 * and with it every ENTITY declaration, is refused before anything is expanded), bounded depth
 * and element count, UTF-8 only. Elements are identified by namespace URI + local name; the
 * prefix a sender chose never matters.
 */
export interface XmlElement {
  uri: string;
  local: string;
  /** Element path by local names, e.g. `/single-message/unsigned/…/product[2]/quantity`. */
  path: string;
  children: XmlElement[];
  /**
   * The children by namespace URI + local name, filled as they are parsed: numbering a sibling and
   * looking a child up cost O(1) whatever the number of siblings (a scan per opening tag made a
   * body of many siblings quadratic).
   */
  byName: Map<string, XmlElement[]>;
  /** Character data directly inside this element (untrimmed). */
  text: string;
}

const nameKey = (uri: string, local: string) => `${uri}\u0000${local}`;

export interface XmlLimits {
  maxDepth: number;
  maxElements: number;
  /** Characters between two `<`: a text or a tag with its attributes (no SMC field is longer than 200). */
  maxRun: number;
  /** Attributes in the whole body, namespace declarations included (an SMC message has about ten). */
  maxAttributes: number;
}

/**
 * An SMC message of 200 lines has about 2 300 elements; 3 000 leave room for a header and other
 * events while keeping the parse of the worst body short.
 */
export const defaultXmlLimits: XmlLimits = { maxDepth: 64, maxElements: 3_000, maxRun: 65_536, maxAttributes: 1_000 };

/**
 * Opening tags counted and the text between two `<` measured with native `indexOf` before saxes
 * reads a character: the parser costs far more per byte, so a body of too many elements or of a
 * megabyte of text is refused without being parsed. A `<x` inside a comment or CDATA counts too:
 * such bodies are refused a little early, never parsed late.
 */
function precheck(text: string, limits: XmlLimits): void {
  let count = 0;
  let previous = 0;
  for (let at = text.indexOf("<"); ; at = text.indexOf("<", at + 1)) {
    const end = at === -1 ? text.length : at;
    if (end - previous > limits.maxRun) throw new MalformedXml("too_long_text", `More than ${limits.maxRun} characters between two tags.`);
    if (at === -1) return;
    previous = at;
    const next = text.charCodeAt(at + 1);
    const opening = (next >= 0x41 && next <= 0x5a) || (next >= 0x61 && next <= 0x7a) || next === 0x5f;
    if (opening && ++count > limits.maxElements) throw new MalformedXml("too_many_elements", `More than ${limits.maxElements} elements.`);
  }
}

/** Stable reasons a body is refused before any content is read. */
export type MalformedXmlCode = "not_utf8" | "doctype_refused" | "too_deep" | "too_many_elements" | "too_many_attributes" | "too_long_text" | "not_well_formed" | "no_element";

/** Why a body is not a well-formed, acceptable XML document; `detail` is safe to show. */
export class MalformedXml extends Error {
  constructor(
    readonly code: MalformedXmlCode,
    readonly detail: string,
  ) {
    super(detail);
  }
}

/** Elements that repeat in the messages we read: their path always carries an index. */
const alwaysIndexed = new Set(["product", "bvacDocument", "pharmacy", "event"]);

/** Parses `bytes` (UTF-8) into an element tree, or throws `MalformedXml`. */
export function parseXmlTree(bytes: Uint8Array, limits: XmlLimits = defaultXmlLimits): XmlElement {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new MalformedXml("not_utf8", "The body is not valid UTF-8.");
  }

  precheck(text, limits);

  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elementCount = 0;

  parser.on("xmldecl", (declaration) => {
    if (declaration.encoding !== undefined && !/^utf-?8$/i.test(declaration.encoding)) {
      throw new MalformedXml("not_utf8", `Only UTF-8 is accepted; the XML declaration says ${declaration.encoding.slice(0, 20)}.`);
    }
  });
  parser.on("doctype", () => {
    // DTDs bring entity expansion (billion laughs, external entities); no SMC message has one.
    throw new MalformedXml("doctype_refused", "DOCTYPE and ENTITY declarations are not accepted.");
  });
  let attributeCount = 0;
  parser.on("attribute", () => {
    // Counted as they are read: saxes resolves an element's namespaces only once its tag closes.
    attributeCount++;
    if (attributeCount > limits.maxAttributes) throw new MalformedXml("too_many_attributes", `More than ${limits.maxAttributes} attributes.`);
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    elementCount++;
    if (elementCount > limits.maxElements) throw new MalformedXml("too_many_elements", `More than ${limits.maxElements} elements.`);
    if (stack.length >= limits.maxDepth) throw new MalformedXml("too_deep", `Elements nested deeper than ${limits.maxDepth}.`);
    const parent = stack.at(-1);
    const key = nameKey(tag.uri, tag.local);
    let same = parent?.byName.get(key);
    if (parent && same === undefined) {
      same = [];
      parent.byName.set(key, same);
    }
    const sameBefore = same?.length ?? 0;
    const index = alwaysIndexed.has(tag.local) || sameBefore > 0 ? `[${sameBefore + 1}]` : "";
    const element: XmlElement = {
      uri: tag.uri,
      local: tag.local,
      path: `${parent?.path ?? ""}/${tag.local}${index}`,
      children: [],
      byName: new Map(),
      text: "",
    };
    if (parent) {
      parent.children.push(element);
      same?.push(element);
    } else root = element;
    stack.push(element);
  });
  const appendText = (chunk: string) => {
    const current = stack.at(-1);
    if (current) current.text += chunk;
  };
  parser.on("text", appendText);
  parser.on("cdata", appendText);
  parser.on("closetag", () => {
    stack.pop();
  });
  parser.on("error", (error) => {
    throw new MalformedXml("not_well_formed", `Not well-formed XML: ${error.message.slice(0, 200)}`);
  });

  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof MalformedXml) throw error;
    throw new MalformedXml("not_well_formed", "Not well-formed XML.");
  }
  if (root === null) throw new MalformedXml("no_element", "The body holds no XML element.");
  return root;
}

/** The first child with this namespace URI and local name. */
export function childOf(element: XmlElement | null | undefined, uri: string, local: string): XmlElement | null {
  return element?.byName.get(nameKey(uri, local))?.[0] ?? null;
}

/** All children with this namespace URI and local name. */
export function childrenOf(element: XmlElement | null | undefined, uri: string, local: string): readonly XmlElement[] {
  return element?.byName.get(nameKey(uri, local)) ?? [];
}
