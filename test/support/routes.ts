import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import type { HumanRole } from '../../src/common/auth/caller';
import { PUBLIC_ROUTE, ROUTE_ROLES } from '../../src/common/auth/auth.decorators';
import type { TestApp } from './create-test-app';

/** The slice of an OpenAPI 3 document the route tests read. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface OpenApiOperation {
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema?: JsonSchema }>;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
  security?: unknown[];
}

export interface JsonSchema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  nullable?: boolean;
  additionalProperties?: boolean | JsonSchema;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** One operation of the document, keyed as "METHOD /path/{param}". */
export interface DocumentedOperation {
  key: string;
  method: string;
  path: string;
  operation: OpenApiOperation;
}

/** Every operation of the OpenAPI document, sorted by key. */
export function documentedOperations(doc: OpenApiDocument): DocumentedOperation[] {
  return Object.entries(doc.paths)
    .flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => HTTP_METHODS.includes(method))
        .map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, operation })),
    )
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** A route a controller serves, with the access rule its decorators declare. */
export interface ServedRoute {
  key: string;
  public: boolean;
  /** The roles @Roles() admits (method over class); null when any authenticated caller may call it. */
  roles: HumanRole[] | null;
}

const joinPath = (...parts: string[]) =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/')}`.replace(/:(\w+)/g, '{$1}');

/**
 * Every route the app's controllers declare, read from Nest's own metadata: the cross-check that the
 * OpenAPI document hides no route, and the roles the fuzz uses to get past the guard.
 */
export function servedRoutes(t: TestApp): ServedRoute[] {
  const routes: ServedRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller) continue;
      const classPaths = [Reflect.getMetadata('path', controller) ?? ''].flat() as string[];
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const methodPath = Reflect.getMetadata('path', handler) as string | string[] | undefined;
        const method = Reflect.getMetadata('method', handler) as RequestMethod | undefined;
        if (methodPath === undefined || method === undefined) continue;
        const isPublic = Boolean(Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller));
        const roles = (Reflect.getMetadata(ROUTE_ROLES, handler) ?? Reflect.getMetadata(ROUTE_ROLES, controller) ?? null) as HumanRole[] | null;
        for (const base of classPaths) {
          for (const sub of [methodPath].flat()) {
            routes.push({ key: `${RequestMethod[method]} ${joinPath(base, sub)}`, public: isPublic, roles });
          }
        }
      }
    }
  }
  return routes.sort((a, b) => a.key.localeCompare(b.key));
}

/** Fetches the document the app serves at GET /docs-json (public). */
export async function fetchOpenApiDocument(t: TestApp): Promise<OpenApiDocument> {
  const res = await t.http().get('/docs-json');
  if (res.status !== 200) throw new Error(`GET /docs-json answered ${res.status}`);
  return res.body as OpenApiDocument;
}
