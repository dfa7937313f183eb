import { Brackets } from 'typeorm';
import { stageIdsWithTag, stagesWithTag } from '../../workflows/common/inspect';
import type { StageTag } from '../../workflows/common/tags';
import type { WorkflowRegistry } from '../../workflows/registry';

/**
 * A WHERE condition on plan rows: the plan's stage carries `tag` in the plan's own workflow version.
 * Stage ids alone would not do: the same id may carry a tag in one workflow and not in another
 * (`marketAnalysis` takes registrations in digigreen-planning only).
 *
 * The condition starts with `stage IN (every stage that carries the tag somewhere)`: the OR of
 * (workflow, version, stages) alone leaves the database no index on stage to search by, and SQLite
 * then reads every plan of the organisation (25,000 rows: 53 ms for a count of 1,353). With it, the
 * (organisation_id, stage) index finds the candidate rows and the OR only checks their workflow.
 */
export function stageTagged(registry: WorkflowRegistry, tag: StageTag, alias = 'p'): Brackets {
  const key = tag.replace(/\W/g, '_');
  const versions = registry.list().flatMap((def) => {
    const stages = stagesWithTag(def, tag);
    return stages.length > 0 ? [{ def, stages }] : [];
  });
  const anyStage = stageIdsWithTag(registry.list(), tag);
  return new Brackets((where) => {
    if (versions.length === 0) {
      where.where('1 = 0');
      return;
    }
    where.where(`${alias}.stage IN (:...${key}_any)`, { [`${key}_any`]: anyStage }).andWhere(
      new Brackets((inVersion) => {
        versions.forEach(({ def, stages }, i) => {
          const params = { [`${key}_w${i}`]: def.id, [`${key}_v${i}`]: def.version, [`${key}_s${i}`]: stages };
          inVersion.orWhere(
            `(${alias}.workflow_id = :${key}_w${i} AND ${alias}.workflow_version = :${key}_v${i} AND ${alias}.stage IN (:...${key}_s${i}))`,
            params,
          );
        });
      }),
    );
  });
}
