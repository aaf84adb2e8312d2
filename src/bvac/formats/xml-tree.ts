import { SaxesParser, type SaxesTagNS } from "saxes";

/**
 * A small namespaced element tree read with saxes, safe for untrusted bodies: no DTD (a DOCTYPE,
 * and with it every ENTITY declaration, is refused before anything is expanded), bounded depth
 * and element count, UTF-8 only. Elements are identified by namespace URI + local name; the
 * prefix a sender chose never matters.
 *
 * Reading a message is the hot path of SMC ingestion, and a path is needed only when a problem is
 * reported: an element keeps its parent and its number among same-named siblings, and its path is
 * built when asked for. No string is built per element while parsing.
 */
export class XmlElement {
  /**
   * Character data directly inside this element (untrimmed), up to its first child element: every
   * field read is a leaf, and the whitespace between a container's children is never looked at.
   */
  text = "";
  /**
   * The children by local name, created with the first child: numbering a sibling and looking a
   * child up cost O(1) whatever the number of siblings (a scan per opening tag made a body of many
   * siblings quadratic). A list holds one namespace; a second namespace with the same local name
   * (rare) gets its own list under `uri + NUL + local`.
   */
  named: Map<string, XmlElement[]> | undefined;

  constructor(
    readonly uri: string,
    readonly local: string,
    readonly parent: XmlElement | null,
    /** 1-based number among the parent's children of the same URI and local name. */
    readonly ordinal: number,
  ) {}

  /** Element path by local names, e.g. `/single-message/unsigned/…/product[2]/quantity`. */
  get path(): string {
    const steps: string[] = [];
    for (let at: XmlElement | null = this; at !== null; at = at.parent) {
      steps.push(alwaysIndexed.has(at.local) || at.ordinal > 1 ? `${at.local}[${at.ordinal}]` : at.local);
    }
    return `/${steps.reverse().join("/")}`;
  }
}

const nameKey = (uri: string, local: string) => `${uri}\u0000${local}`;

/** The parent's children with this URI and local name, if any. */
function sameNamed(parent: XmlElement, uri: string, local: string): XmlElement[] | undefined {
  const list = parent.named?.get(local);
  if (list === undefined || list[0]!.uri === uri) return list;
  return parent.named!.get(nameKey(uri, local));
}

function adopt(parent: XmlElement, uri: string, local: string): XmlElement {
  parent.named ??= new Map();
  const list = parent.named.get(local);
  const key = list === undefined || list[0]!.uri === uri ? local : nameKey(uri, local);
  const same = key === local ? list : parent.named.get(key);
  const element = new XmlElement(uri, local, parent, (same?.length ?? 0) + 1);
  if (same) same.push(element);
  else parent.named.set(key, [element]);
  return element;
}

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

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Parses `bytes` (UTF-8) into an element tree, or throws `MalformedXml`. */
export function parseXmlTree(bytes: Uint8Array, limits: XmlLimits = defaultXmlLimits): XmlElement {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new MalformedXml("not_utf8", "The body is not valid UTF-8.");
  }

  precheck(text, limits);
  try {
    return parse(text, limits, false);
  } catch (error) {
    if (!(error instanceof MalformedXml) || error.code !== "not_well_formed") throw error;
    // Line and column cost a little on every character, so they are tracked only to report an
    // error: the same text again, with positions, gives the same error with its place.
    return parse(text, limits, true);
  }
}

/**
 * saxes keeps each handler in a property set after its constructor ran; a seventh such property
 * turns the parser into a dictionary-mode object in V8, and every character then costs a
 * dictionary look-up (several times slower, bench/RESULTS.md). So five handlers only: the XML
 * declaration is read from `parser.xmlDecl` at the root's opening tag, attributes are counted
 * there too (one tag is at most `maxRun` characters, so the count is bounded before it is taken),
 * and errors are what saxes throws without an error handler.
 */
function parse(text: string, limits: XmlLimits, position: boolean): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position });
  let current: XmlElement | null = null;
  let root: XmlElement | null = null;
  let depth = 0;
  let elementCount = 0;
  let attributeCount = 0;

  parser.on("doctype", () => {
    // DTDs bring entity expansion (billion laughs, external entities); no SMC message has one.
    throw new MalformedXml("doctype_refused", "DOCTYPE and ENTITY declarations are not accepted.");
  });
  parser.on("opentag", (tag: SaxesTagNS) => {
    if (root === null) checkEncoding(parser.xmlDecl.encoding);
    elementCount++;
    if (elementCount > limits.maxElements) throw new MalformedXml("too_many_elements", `More than ${limits.maxElements} elements.`);
    if (depth >= limits.maxDepth) throw new MalformedXml("too_deep", `Elements nested deeper than ${limits.maxDepth}.`);
    // Namespace declarations included (an SMC message has about ten attributes in all).
    for (const name in tag.attributes) {
      if (++attributeCount > limits.maxAttributes) throw new MalformedXml("too_many_attributes", `More than ${limits.maxAttributes} attributes.`);
    }
    const { uri, local } = tag;
    current = current === null ? (root = new XmlElement(uri, local, null, 1)) : adopt(current, uri, local);
    depth++;
  });
  const appendText = (chunk: string) => {
    if (current !== null && current.named === undefined) current.text += chunk;
  };
  parser.on("text", appendText);
  parser.on("cdata", appendText);
  parser.on("closetag", () => {
    current = current?.parent ?? null;
    depth--;
  });

  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof MalformedXml) throw error;
    // saxes throws an Error naming the fault (and its line:column when positions are tracked).
    const detail = error instanceof Error ? `: ${error.message.slice(0, 200)}` : ".";
    throw new MalformedXml("not_well_formed", `Not well-formed XML${detail}`);
  }
  if (root === null) throw new MalformedXml("no_element", "The body holds no XML element.");
  return root;
}

function checkEncoding(encoding: string | undefined): void {
  if (encoding !== undefined && !/^utf-?8$/i.test(encoding)) {
    throw new MalformedXml("not_utf8", `Only UTF-8 is accepted; the XML declaration says ${encoding.slice(0, 20)}.`);
  }
}

/** The first child with this namespace URI and local name. */
export function childOf(element: XmlElement | null | undefined, uri: string, local: string): XmlElement | null {
  return (element && sameNamed(element, uri, local)?.[0]) ?? null;
}

/** All children with this namespace URI and local name. */
export function childrenOf(element: XmlElement | null | undefined, uri: string, local: string): readonly XmlElement[] {
  return (element && sameNamed(element, uri, local)) ?? [];
}
