import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { requirementsFor, toMermaid } from '../../workflows/common/inspect';
import { requirement } from '../../workflows/common/requirements';
import type { WorkflowDefinition } from '../../workflows/common/types';
import { WorkflowRegistry } from '../../workflows/registry';
import { NotFoundError } from '../common/errors';

function summary(def: WorkflowDefinition, registry: WorkflowRegistry) {
  return {
    id: def.id,
    version: def.version,
    title: def.title,
    description: def.description,
    latest: registry.latest(def.id)?.version === def.version,
  };
}

/** A workflow as data: stages, events with roles, payload schema and requirements per stage, Stately JSON and Mermaid. */
function describeWorkflow(def: WorkflowDefinition, registry: WorkflowRegistry) {
  const events = Object.values(def.events).map((spec) => ({
    type: spec.type,
    description: spec.description,
    roles: spec.roles,
    payload: spec.payload,
    from: def.stages.flatMap((stage) => {
      const ids = stage.final ? undefined : requirementsFor(def, stage.id, spec.type);
      if (ids === undefined) return [];
      return [{ stage: stage.id, requirements: ids.map((id) => ({ id, message: requirement(id).message })) }];
    }),
  }));
  return {
    ...summary(def, registry),
    initialStage: def.machine.config.initial,
    stages: def.stages,
    events,
    machine: def.machine.toJSON(),
    mermaid: toMermaid(def),
  };
}

@ApiTags('workflows')
@ApiBearerAuth()
@Controller('workflows')
export class WorkflowDefinitionsController {
  constructor(private readonly registry: WorkflowRegistry) {}

  @Get()
  @ApiOperation({ summary: 'Every workflow version this service can run' })
  list() {
    return this.registry.list().map((def) => summary(def, this.registry));
  }

  @Get(':id/versions/:version')
  @ApiOperation({ summary: 'One workflow version: stages, events, roles, requirements, Stately-compatible JSON and a Mermaid diagram' })
  get(@Param('id') id: string, @Param('version', ParseIntPipe) version: number) {
    const def = this.registry.get(id, version);
    if (!def) throw new NotFoundError(`Workflow ${id} has no version ${version}.`);
    return describeWorkflow(def, this.registry);
  }
}
