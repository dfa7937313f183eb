import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type FormEvent } from 'react';
import { Button, Checkbox, CheckboxGroup, Dropdown, DropdownItem, Heading, Paragraph } from 'suomifi-ui-components';
import { api, ApiError, unwrap, type Schemas } from '../../api/client';
import { useCaller } from '../../auth/session';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage, Loading, StatusMessage } from '../../ui/page';
import './law.css';

type Plan = Schemas['PlanDetail'];
type Team = Schemas['PlanTeam'];
type Person = Team['owner'];

/**
 * The plan's team: its owner and members, who may change the plan. Managers (and admins) change the
 * owner and the members, the owner changes the members (PUT /procurements/{id}/team with If-Match);
 * everyone else only reads.
 */
export function TeamPanel({ plan, refresh }: { plan: Plan; refresh(): void }) {
  const { t } = useI18n();
  const caller = useCaller();
  const headingId = useId();
  const team = useQuery({
    queryKey: ['plan-team', plan.id, plan.version],
    queryFn: () => unwrap(api.GET('/procurements/{id}/team', { params: { path: { id: plan.id } } })),
  });
  const status = useRef<HTMLDivElement>(null);
  const [message, setMessage] = useState('');
  const managing = caller.role === 'manager' || caller.role === 'admin';
  const owning = caller.role === 'officer' && caller.id === plan.owner.id;
  const name = (p: Person) => (p.id === caller.id ? `${p.name} ${t('law.team.you')}` : p.name);
  // The plan's own summary shows the team at once; the team resource adds the candidates for the form.
  const shown = team.data ?? { owner: plan.owner, members: plan.team };

  return (
    <section className="panel" aria-labelledby={headingId}>
      <Heading variant="h2" id={headingId}>
        {t('law.team.title')}
      </Heading>
      <Paragraph mb="s">{t('law.team.intro')}</Paragraph>
      <StatusMessage ref={status} message={message} />
      <dl className="law-facts">
        <div>
          <dt>{t('law.team.owner')}</dt>
          <dd>{name(shown.owner)}</dd>
        </div>
        <div>
          <dt>{t('law.team.members')}</dt>
          <dd>
            {shown.members.length === 0 ? (
              t('law.team.noMembers')
            ) : (
              <ul className="law-facts__list">
                {shown.members.map((m) => (
                  <li key={m.id}>{name(m)}</li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {(managing || owning) && (
        <>
          {team.isPending && <Loading />}
          <ErrorMessage error={team.error} />
          {team.data && (
            <TeamForm
              key={team.data.version}
              plan={plan}
              team={team.data}
              managing={managing}
              onSaved={() => {
                setMessage(t('law.team.saved'));
                status.current?.focus();
              }}
              onChange={() => setMessage('')}
              refresh={refresh}
            />
          )}
        </>
      )}
    </section>
  );
}

function TeamForm({
  plan,
  team,
  managing,
  onSaved,
  onChange,
  refresh,
}: {
  plan: Plan;
  team: Team;
  managing: boolean;
  onSaved(): void;
  onChange(): void;
  refresh(): void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const formId = useId();
  const [open, setOpen] = useState(false);
  const [ownerId, setOwnerId] = useState(team.owner.id);
  const [memberIds, setMemberIds] = useState<string[]>(team.members.map((m) => m.id));
  // Everyone who could be on the team: the owner, the members and the candidates, by name.
  const people = [team.owner, ...team.members, ...team.candidates].sort((a, b) => a.name.localeCompare(b.name));
  const choosable = people.filter((p) => p.id !== ownerId);

  const save = useMutation({
    mutationFn: (body: Schemas['PlanTeamDto']) =>
      unwrap(api.PUT('/procurements/{id}/team', { params: { path: { id: plan.id }, header: { 'If-Match': `"${plan.version}"` } }, body })),
    onSuccess: (next) => {
      queryClient.setQueryData(['plan-team', plan.id, next.version], next);
      setOpen(false);
      onSaved();
      refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) refresh();
    },
  });
  const stale = save.error instanceof ApiError && (save.error.status === 409 || save.error.status === 412);

  const toggle = () => {
    save.reset();
    onChange();
    setOwnerId(team.owner.id);
    setMemberIds(team.members.map((m) => m.id));
    setOpen((o) => !o);
  };
  const toggleMember = (id: string, checked: boolean) => setMemberIds((ids) => (checked ? [...ids.filter((m) => m !== id), id] : ids.filter((m) => m !== id)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange();
    save.mutate({ ownerId, memberIds: memberIds.filter((m) => m !== ownerId) });
  };

  return (
    <>
      <button type="button" className="event-form__button" aria-expanded={open} aria-controls={formId} onClick={toggle}>
        {managing ? t('law.team.change') : t('law.team.changeMembers')}
      </button>
      {open && (
        <form id={formId} className="law-form" noValidate onSubmit={submit}>
          {managing && (
            <Dropdown labelText={t('law.team.ownerSelect')} hintText={t('law.team.ownerHint')} value={ownerId} onChange={setOwnerId} fullWidth>
              {people.map((p) => (
                <DropdownItem key={p.id} value={p.id}>
                  {p.name}
                </DropdownItem>
              ))}
            </Dropdown>
          )}
          {choosable.length === 0 ? (
            <Paragraph className="spaced">{t('law.team.noCandidates')}</Paragraph>
          ) : (
            <CheckboxGroup className="spaced" labelText={t('law.team.membersGroup')} groupHintText={t('law.team.membersHint')}>
              {choosable.map((p) => (
                <Checkbox
                  key={p.id}
                  id={`${formId}-member-${p.id}`}
                  checked={memberIds.includes(p.id)}
                  onClick={({ checkboxState }) => toggleMember(p.id, checkboxState)}
                >
                  {p.name}
                </Checkbox>
              ))}
            </CheckboxGroup>
          )}
          <ErrorMessage error={save.error} />
          {stale && <Paragraph>{t('law.team.stale')}</Paragraph>}
          <div className="row spaced">
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? t('law.team.saving') : t('law.team.save')}
            </Button>
            <Button type="button" variant="secondaryNoBorder" onClick={toggle}>
              {t('app.cancel')}
            </Button>
          </div>
        </form>
      )}
    </>
  );
}
