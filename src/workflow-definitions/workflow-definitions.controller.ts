import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { requirementsFor, toMermaid } from '../../workflows/common/inspect';
import { requirement } from '../../workflows/common/requirements';
import type { WorkflowDefinition } from '../../workflows/common/types';
import { WorkflowRegistry } from '../../workflows/registry';
import { NotFoundError } from '../common/errors';
import { ApiErrors, arrayOf } from '../common/openapi';
import { WORKFLOW_SCHEMAS as S } from './workflow-definitions.schemas';
import type { Language } from '../i18n/language';
import { RequestLanguage } from '../i18n/request-language';
import { eventDescription, localisePayload, localiseUnmet, stageDescription, stageTitle, workflowDescription, workflowTitle } from '../i18n/workflow-texts';
import { extended } from '../common/extended';

function summary(def: WorkflowDefinition, registry: WorkflowRegistry, language: Language) {
  return {
    id: def.id,
    version: def.version,
    title: workflowTitle(def, language),
    description: workflowDescription(def, language),
    latest: registry.latest(def.id)?.version === def.version,
  };
}

/** A workflow as data: stages, events with roles, payload schema and requirements per stage, Stately JSON and Mermaid. */
function describeWorkflow(def: WorkflowDefinition, registry: WorkflowRegistry, language: Language) {
  const events = Object.values(def.events).map((spec) => ({
    type: spec.type,
    description: eventDescription(def, spec.type, language),
    roles: spec.roles,
    payload: localisePayload(spec.payload as Record<string, unknown>, language),
    from: def.stages.flatMap((stage) => {
      const ids = stage.final ? undefined : requirementsFor(def, stage.id, spec.type);
      if (ids === undefined) return [];
      return [
        {
          stage: stage.id,
          requirements: localiseUnmet(
            def,
            ids.map((id) => ({ id, message: requirement(id).message })),
            language,
          ),
        },
      ];
    }),
  }));
  return extended(summary(def, registry, language), {
    initialStage: def.machine.config.initial,
    stages: def.stages.map((stage) => extended(stage, { title: stageTitle(def, stage.id, language), description: stageDescription(def, stage.id, language) })),
    events,
    machine: def.machine.toJSON(),
    mermaid: toMermaid(def),
  });
}

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowDefinitionsController {
  constructor(private readonly registry: WorkflowRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Every workflow version this service can run' })
  @ApiOkResponse({ schema: arrayOf(S.WorkflowSummary) })
  @ApiErrors()
  list(@RequestLanguage() language: Language) {
    return this.registry.list().map((def) => summary(def, this.registry, language));
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One workflow version: stages, events, roles, requirements, Stately-compatible JSON and a Mermaid diagram' })
  @ApiOkResponse({ schema: S.WorkflowDescription })
  @ApiErrors(404)
  get(@Param('id') id: string, @Param('version', ParseIntPipe) version: number, @RequestLanguage() language: Language) {
    const def = this.registry.get(id, version);
    if (!def) throw new NotFoundError('workflow.versionNotFound', { workflowId: id, version });
    return describeWorkflow(def, this.registry, language);
  }
}
