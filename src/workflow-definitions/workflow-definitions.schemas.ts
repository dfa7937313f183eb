import { anyValue, apiSchemas, arrayOf, boolean, integer, object, ref, string } from '../common/openapi';

/** What the workflow routes return, as OpenAPI schemas. */
export const WORKFLOW_SCHEMAS = apiSchemas({
  WorkflowSummary: object({ id: string, version: integer, title: string, description: string, latest: boolean }),
  WorkflowDescription: {
    allOf: [
      ref('WorkflowSummary'),
      object({
        initialStage: string,
        stages: arrayOf({ type: 'object', required: ['id', 'title'], properties: { id: string, title: string, description: string, final: boolean } }),
        events: arrayOf(
          object({
            type: string,
            description: string,
            roles: arrayOf(string),
            payload: { type: 'object', description: 'JSON Schema of the payload.', additionalProperties: true },
            from: arrayOf(object({ stage: string, requirements: arrayOf(ref('Requirement')) })),
          }),
        ),
        machine: { ...anyValue, description: 'The machine as Stately-compatible JSON.' },
        mermaid: { ...string, description: 'A Mermaid stateDiagram-v2.' },
      }),
    ],
  },
});
