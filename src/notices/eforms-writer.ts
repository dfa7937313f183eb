import { create } from 'xmlbuilder2';
import { elementName, HILMA_NAMESPACE, xpathSteps, type EformsMetadata, type FieldMeta } from './eforms-metadata';

/** One value of one business term's field, as the notice states it. */
export interface NoticeValue {
  /** The field id in fields.json (or Hilma's national-fields.json), e.g. `BT-21-Procedure`. */
  field: string;
  value: string;
  /** Values of the field's attributes that have no preset, by attribute field id (a text's language, a code's list). */
  attributes?: Record<string, string>;
  /** Which instance of a repeatable node the value belongs to, by node id; 0 when not named. */
  instances?: Record<string, number>;
}

class Element {
  readonly children: Element[] = [];
  readonly attributes: Record<string, string> = {};
  text: string | null = null;
  private readonly byKey = new Map<string, Element>();

  constructor(
    readonly name: string,
    readonly order: number,
  ) {}

  child(key: string, name: string, order: number): Element {
    let found = this.byKey.get(key);
    if (!found) {
      found = new Element(name, order);
      this.byKey.set(key, found);
      this.children.push(found);
    }
    return found;
  }
}

/**
 * Writes a notice of any subtype from field values: each value goes where its field's XPath in
 * fields.json says, under the nodes of its parent chain, and every element takes its place by the
 * `xsdSequenceOrder` of its step, so the document follows the schema's sequences without a template.
 * Attributes with a preset value (list names, scheme names) are written with their field. A field the
 * subtype forbids outright is a programming error.
 */
export function writeNotice(metadata: EformsMetadata, subtype: string, values: readonly NoticeValue[]): string {
  const { document } = metadata.subtype(subtype);
  const namespaces = new Map([...document.additionalNamespaces.map((ns) => [ns.prefix, ns.uri] as const), [HILMA_NAMESPACE.prefix, HILMA_NAMESPACE.uri]]);
  const root = new Element(document.rootElement, 0);
  const repeats = new Map<string, number>();

  for (const entry of values) {
    const field = metadata.field(entry.field);
    if (field.attributeOf) throw new Error(`${field.id} is an attribute of ${field.attributeOf}: give it in that value's attributes`);
    if (metadata.forbidden(field.id, subtype)) throw new Error(`${field.id} is forbidden in notice subtype ${subtype}`);
    let parent = root;
    for (const node of nodeChain(metadata, field.parentNodeId)) {
      const steps = elementSteps(node.xpathRelative);
      steps.forEach((step, i) => {
        const last = i === steps.length - 1;
        const key = last ? `${step}#${node.id}#${entry.instances?.[node.id] ?? 0}` : step;
        parent = parent.child(key, step, orderOf(node.xsdSequenceOrder, step, i));
      });
    }
    // A field given more than once in the same place repeats from its first step (a second language of a name).
    const place = `${field.id}@${JSON.stringify(entry.instances ?? {})}`;
    const repeat = repeats.get(place) ?? 0;
    repeats.set(place, repeat + 1);
    const steps = elementSteps(field.xpathRelative);
    steps.forEach((step, i) => {
      const key = i === 0 && repeat > 0 ? `${step}#${field.id}#${repeat}` : step;
      parent =
        i === steps.length - 1
          ? parent.child(`${key}#value#${field.id}#${repeat}`, step, orderOf(field.xsdSequenceOrder, step, i))
          : parent.child(key, step, orderOf(field.xsdSequenceOrder, step, i));
    });
    parent.text = entry.value;
    Object.assign(parent.attributes, attributesOf(metadata, field, entry));
  }

  const xml = create({ version: '1.0', encoding: 'UTF-8' });
  const used = new Set<string>();
  collectPrefixes(root, used);
  const rootAttributes: Record<string, string> = { xmlns: document.namespace };
  for (const prefix of [...used].sort()) {
    const uri = namespaces.get(prefix);
    if (!uri) throw new Error(`No namespace for the prefix ${prefix}`);
    rootAttributes[`xmlns:${prefix}`] = uri;
  }
  const top = xml.ele(document.namespace, root.name, rootAttributes);
  writeChildren(top, root, namespaces);
  return xml.end({ prettyPrint: true });
}

type Builder = ReturnType<ReturnType<typeof create>['ele']>;

function writeChildren(target: Builder, element: Element, namespaces: Map<string, string>): void {
  const ordered = [...element.children].sort((a, b) => a.order - b.order);
  for (const child of ordered) {
    const prefix = child.name.split(':')[0];
    const node = target.ele(namespaces.get(prefix)!, child.name, child.attributes);
    if (child.text !== null) node.txt(child.text);
    writeChildren(node, child, namespaces);
  }
}

function collectPrefixes(element: Element, used: Set<string>): void {
  for (const child of element.children) {
    used.add(child.name.split(':')[0]);
    collectPrefixes(child, used);
  }
}

/** The nodes from the root down to the given node (the root itself has no element of its own). */
function nodeChain(metadata: EformsMetadata, nodeId: string) {
  const chain = [];
  for (let id: string | undefined = nodeId; id && id !== 'ND-Root'; id = metadata.node(id).parentId) chain.unshift(metadata.node(id));
  return chain;
}

/** The element steps of a relative XPath, without predicates and without a trailing attribute. */
function elementSteps(xpath: string): string[] {
  return xpathSteps(xpath)
    .filter((step) => !step.startsWith('@'))
    .map(elementName);
}

function orderOf(order: Array<Record<string, number>> | undefined, step: string, index: number): number {
  const entry = order?.[index];
  if (entry && step in entry) return entry[step];
  const found = order?.find((e) => step in e);
  if (found) return found[step];
  throw new Error(`No xsdSequenceOrder for ${step}`);
}

function attributesOf(metadata: EformsMetadata, field: FieldMeta, entry: NoticeValue): Record<string, string> {
  const attributes: Record<string, string> = {};
  // Predicates of the last step name attributes the element must carry (cbc:ID[@schemeName='notice-id']).
  const last =
    xpathSteps(field.xpathRelative)
      .filter((s) => !s.startsWith('@'))
      .pop() ?? '';
  for (const [, name, value] of last.matchAll(/@([\w:]+)\s*=\s*'([^']*)'/g)) attributes[name] = value;
  for (const id of field.attributes ?? []) {
    const attribute = metadata.field(id);
    const value = entry.attributes?.[id] ?? attribute.presetValue;
    if (value !== undefined) attributes[attribute.attributeName!] = value;
  }
  for (const id of Object.keys(entry.attributes ?? {})) {
    if (!(field.attributes ?? []).includes(id)) throw new Error(`${id} is not an attribute of ${field.id}`);
  }
  return attributes;
}
