import './event-form.css';
import Form, { getDefaultRegistry } from '@rjsf/core';
import {
  buttonId,
  createErrorHandler,
  deepEquals,
  englishStringTranslator,
  replaceStringParameters,
  TranslatableString,
  type ArrayFieldItemButtonsTemplateProps,
  type ErrorListProps,
  type ErrorSchema,
  type FieldTemplateProps,
  type IconButtonProps,
  type RJSFSchema,
  type RJSFValidationError,
  type TitleFieldProps,
  type UiSchema,
  type ValidatorType,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
} from '@rjsf/utils';
import { useMemo } from 'react';
import { ApiError } from '../api/client';
import { useI18n, type I18n } from '../i18n/i18n';

/**
 * A form for an event's payload, generated from the JSON Schema the workflow description gives for
 * it. A field is named by the schema's `title` and a choice by `x-enumTitles`: the server serves both
 * in the request's language (its field catalogue, checked by a test for every event); a property it
 * has no label for yet is shown by its name made readable. rjsf's own texts and error messages are
 * replaced by ours; its icon buttons become text buttons.
 */
export interface EventFormProps {
  /** The payload JSON Schema of the event (an object schema). */
  schema: Record<string, unknown>;
  /** Prefix of the inputs' ids: unique on the page. */
  idPrefix: string;
  submitLabel: string;
  disabled?: boolean;
  /** A refusal of the server: its `details` that name a field are shown at that field. */
  serverError?: unknown;
  onSubmit(payload: Record<string, unknown>): void;
}

type Schema = Record<string, unknown>;
type Translate = I18n['t'];

const DATE_PATTERN = /^\^\\d\{4\}-\(0\[1-9\]/;

/** "usersConsulted" → "Users consulted", "tender_id" → "Tender id". */
export function humanise(name: string): string {
  const words = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function labelOf(name: string, schema: Schema): string {
  return typeof schema.title === 'string' && schema.title ? schema.title : humanise(name);
}

/** A copy of the schema with a title on every property, and the uiSchema of its widgets and choices. */
function prepare(t: Translate, schema: Schema, name: string | null): { schema: Schema; uiSchema: UiSchema } {
  const copy: Schema = { ...schema };
  const ui: UiSchema = {};
  if (name !== null) copy.title = labelOf(name, schema);
  if (schema.type === 'object' && schema.properties && typeof schema.properties === 'object') {
    const properties: Record<string, Schema> = {};
    for (const [key, child] of Object.entries(schema.properties as Record<string, Schema>)) {
      const prepared = prepare(t, child, key);
      properties[key] = prepared.schema;
      if (Object.keys(prepared.uiSchema).length) ui[key] = prepared.uiSchema;
    }
    copy.properties = properties;
  } else if (schema.type === 'array' && schema.items && typeof schema.items === 'object') {
    // Items take the list's name: rjsf calls them "Risks-2", the FieldTemplate below "Risks 2".
    const items = prepare(t, schema.items as Schema, null);
    copy.items = items.schema;
    ui.items = items.uiSchema;
    ui['ui:options'] = { orderable: false, copyable: false };
    ui['ui:addLabel'] = t('eventForm.addTo', { field: String(copy.title ?? '') });
  } else if (Array.isArray(schema.enum)) {
    // The server names the choices (`x-enumTitles`, in the request's language); else the value itself.
    const titles = Array.isArray(schema['x-enumTitles']) ? (schema['x-enumTitles'] as unknown[]) : [];
    ui['ui:enumNames'] = Object.fromEntries(schema.enum.map((v, i) => [String(v), typeof titles[i] === 'string' ? titles[i] : String(v)]));
    ui['ui:placeholder'] = t('eventForm.choose');
    if (!schema.type && schema.enum.every((v) => typeof v === 'string')) copy.type = 'string';
  } else if (schema.type === 'string') {
    if (typeof schema.pattern === 'string' && DATE_PATTERN.test(schema.pattern)) ui['ui:widget'] = 'date';
    else if (typeof schema.pattern === 'string' && schema.pattern.startsWith('^https?://')) ui['ui:widget'] = 'uri';
    else if (typeof schema.maxLength === 'number' && schema.maxLength >= 1000) ui['ui:widget'] = 'textarea';
  }
  return { schema: copy, uiSchema: ui };
}

/** The name of the field an error path (".goals.0.strategy") points at: "Strategy (Goals 1)". */
function labelAt(schema: Schema, property: string): string {
  const parts = property.replace(/^\./, '').split('.').filter(Boolean);
  let node: Schema | undefined = schema;
  let label = '';
  let item = '';
  for (const part of parts) {
    if (/^\d+$/.test(part)) {
      node = node?.items as Schema | undefined;
      item = `${label} ${Number(part) + 1}`;
      label = item;
    } else {
      node = (node?.properties as Record<string, Schema> | undefined)?.[part];
      label = typeof node?.title === 'string' ? node.title : part;
      if (item) label = `${label} (${item})`;
    }
  }
  return label;
}

function errorText(t: Translate, error: RJSFValidationError, schema: Schema): string {
  const limit = error.params?.limit as number | undefined;
  switch (error.name) {
    case 'required':
      return t('eventForm.error.required');
    case 'minLength':
      return limit === 1 ? t('eventForm.error.blank') : t('eventForm.error.minLength', { limit: limit ?? '' });
    case 'maxLength':
      return t('eventForm.error.maxLength', { limit: limit ?? '' });
    case 'minimum':
      return t('eventForm.error.minimum', { limit: limit ?? '' });
    case 'maximum':
      return t('eventForm.error.maximum', { limit: limit ?? '' });
    case 'minItems':
      return t('eventForm.error.minItems', { limit: limit ?? '' });
    case 'maxItems':
      return t('eventForm.error.maxItems', { limit: limit ?? '' });
    case 'enum':
      return t('eventForm.error.enum');
    case 'type':
      return error.params?.type === 'integer'
        ? t('eventForm.error.integer')
        : error.params?.type === 'number'
          ? t('eventForm.error.number')
          : t('eventForm.error.other');
    case 'pattern': {
      const pattern = String(error.params?.pattern ?? '');
      if (pattern === '\\S') return t('eventForm.error.blank');
      if (DATE_PATTERN.test(pattern)) return t('eventForm.error.date');
      if (pattern.startsWith('^https?://')) return t('eventForm.error.url');
      return t('eventForm.error.format');
    }
    case 'format':
      return t('eventForm.error.format');
    default:
      void schema;
      return t('eventForm.error.other');
  }
}

/**
 * The payload validator. @rjsf/validator-ajv8 compiles every schema to JavaScript with `new Function`,
 * which the console's Content-Security-Policy (`script-src 'self'`, no 'unsafe-eval') forbids; the
 * payload schemas use only plain keywords (type, required, properties, items, enum, minLength,
 * maxLength, pattern, minimum, maximum, minItems, maxItems), which this checks directly, reporting
 * errors the way ajv does (keyword, params), so transformErrors reads both alike. The server
 * validates every payload again in any case.
 */
interface RawError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function typeMatches(type: string, data: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof data === 'string';
    case 'integer':
      return typeof data === 'number' && Number.isInteger(data);
    case 'number':
      return typeof data === 'number' && Number.isFinite(data);
    case 'boolean':
      return typeof data === 'boolean';
    case 'object':
      return isObject(data);
    case 'array':
      return Array.isArray(data);
    case 'null':
      return data === null;
    default:
      return true;
  }
}

function check(schema: Schema, data: unknown, instancePath: string, schemaPath: string, out: RawError[]): void {
  if (data === undefined) return;
  const fail = (keyword: string, params: Record<string, unknown>, message: string) =>
    out.push({ keyword, instancePath, schemaPath: `${schemaPath}/${keyword}`, params, message });
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  if (types.length && !types.some((type) => typeMatches(type, data))) return void fail('type', { type: types.join(',') }, `must be ${types.join(',')}`);
  if (Array.isArray(schema.enum) && !schema.enum.some((v) => deepEquals(v, data)))
    fail('enum', { allowedValues: schema.enum }, 'must be equal to one of the allowed values');
  if (typeof data === 'string') {
    const length = [...data].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength)
      fail('minLength', { limit: schema.minLength }, `must NOT have fewer than ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength)
      fail('maxLength', { limit: schema.maxLength }, `must NOT have more than ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(data))
      fail('pattern', { pattern: schema.pattern }, `must match pattern "${schema.pattern}"`);
  }
  if (typeof data === 'number') {
    if (typeof schema.minimum === 'number' && data < schema.minimum)
      fail('minimum', { comparison: '>=', limit: schema.minimum }, `must be >= ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && data > schema.maximum)
      fail('maximum', { comparison: '<=', limit: schema.maximum }, `must be <= ${schema.maximum}`);
  }
  if (Array.isArray(data)) {
    if (typeof schema.minItems === 'number' && data.length < schema.minItems)
      fail('minItems', { limit: schema.minItems }, `must NOT have fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && data.length > schema.maxItems)
      fail('maxItems', { limit: schema.maxItems }, `must NOT have more than ${schema.maxItems} items`);
    if (isObject(schema.items)) data.forEach((item, i) => check(schema.items as Schema, item, `${instancePath}/${i}`, `${schemaPath}/items`, out));
  }
  if (isObject(data)) {
    for (const name of Array.isArray(schema.required) ? (schema.required as string[]) : []) {
      if (data[name] === undefined) fail('required', { missingProperty: name }, `must have required property '${name}'`);
    }
    const properties = isObject(schema.properties) ? (schema.properties as Record<string, Schema>) : {};
    for (const [name, child] of Object.entries(properties)) {
      if (data[name] !== undefined) check(child, data[name], `${instancePath}/${name}`, `${schemaPath}/properties/${name}`, out);
    }
  }
}

function rawErrors(schema: Schema, data: unknown): RawError[] {
  const out: RawError[] = [];
  check(schema, data === undefined && schema.type === 'object' ? {} : data, '', '#', out);
  return out;
}

function toValidationError(e: RawError): RJSFValidationError {
  let property = e.instancePath.replace(/\//g, '.');
  if (e.keyword === 'required') property = `${property}.${String(e.params.missingProperty)}`;
  return { name: e.keyword, property, message: e.message, params: e.params, stack: `${property} ${e.message}`.trim(), schemaPath: e.schemaPath };
}

const validator: ValidatorType = {
  validateFormData(formData, schema, customValidate, transformErrors, uiSchema) {
    let errors = rawErrors(schema as Schema, formData).map(toValidationError);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const data = { errors, errorSchema: toErrorSchema(errors) };
    if (!customValidate) return data;
    return validationDataMerge(data, unwrapErrorHandler(customValidate(formData, createErrorHandler(formData), uiSchema)));
  },
  isValid(schema, formData) {
    return rawErrors(schema as Schema, formData).length === 0;
  },
  rawValidation<Result>(schema: RJSFSchema, formData?: unknown) {
    return { errors: rawErrors(schema as Schema, formData) as unknown as Result[] };
  },
};

/** The `details` of a refusal that name a field, as rjsf's error schema. */
function serverErrors(error: unknown): ErrorSchema | undefined {
  if (!(error instanceof ApiError) || !Array.isArray(error.body?.details)) return undefined;
  const root: Record<string, unknown> = {};
  let any = false;
  for (const d of error.body.details as Array<{ field?: string; message?: string }>) {
    if (!d.field || !d.message) continue;
    let node = root;
    for (const part of d.field.split(/[.[\]]+/).filter(Boolean)) node = (node[part] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(d.message);
    any = true;
  }
  return any ? (root as ErrorSchema) : undefined;
}

const defaults = getDefaultRegistry().templates;

function TextButton({
  label,
  className,
  onClick,
  disabled,
  id,
  danger,
}: {
  label: string;
  className?: string;
  onClick?: IconButtonProps['onClick'];
  disabled?: boolean;
  id?: string;
  danger?: boolean;
}) {
  return (
    <button
      type="button"
      id={id}
      className={`event-form__button${danger ? ' event-form__button--danger' : ''} ${className ?? ''}`}
      onClick={onClick}
      disabled={disabled}
    >
      {label}
    </button>
  );
}

function buttonTemplate(label: TranslatableString, danger = false) {
  return function Button(props: IconButtonProps) {
    return (
      <TextButton
        label={props.registry.translateString(label)}
        className={props.className}
        onClick={props.onClick}
        disabled={props.disabled}
        id={props.id}
        danger={danger}
      />
    );
  };
}

/** The list of every error above the form: its heading is plain text, not a heading out of the page's order. */
function ErrorList({ errors, registry }: ErrorListProps) {
  return (
    <div className="event-form__errors" role="alert">
      <p className="event-form__errors-title">{registry.translateString(TranslatableString.ErrorsLabel)}</p>
      <ul>
        {errors.map((error, i) => (
          <li key={i}>{error.stack}</li>
        ))}
      </ul>
    </div>
  );
}

/** The item buttons: a text button that says which item it removes. */
function ArrayFieldItemButtonsTemplate(props: ArrayFieldItemButtonsTemplateProps) {
  const { hasRemove, onRemoveItem, disabled, readonly, registry, fieldPathId, index } = props;
  if (!hasRemove) return null;
  return (
    <TextButton
      id={buttonId(fieldPathId, 'remove')}
      className="rjsf-array-item-remove"
      danger
      disabled={disabled || readonly}
      onClick={onRemoveItem}
      label={registry.translateString(TranslatableString.RemoveButton, [String(index + 1)])}
    />
  );
}

/** "Risks-2", rjsf's name of an array's second item, read as "Risks 2". */
const itemLabel = (label: string) => label.replace(/-(\d+)$/, ' $1');

function FieldTemplate(props: FieldTemplateProps) {
  const Default = defaults.FieldTemplate;
  return <Default {...props} label={itemLabel(props.label)} />;
}

function TitleFieldTemplate({ id, title, required }: TitleFieldProps) {
  return (
    <legend id={id}>
      {itemLabel(title)}
      {required && <span className="required">*</span>}
    </legend>
  );
}

export default function EventForm({ schema, idPrefix, submitLabel, disabled, serverError, onSubmit }: EventFormProps) {
  const { t } = useI18n();
  const prepared = useMemo(() => prepare(t, schema, null), [t, schema]);
  const uiSchema: UiSchema = useMemo(
    () => ({
      ...prepared.uiSchema,
      'ui:submitButtonOptions': { submitText: submitLabel, props: { disabled, className: 'event-form__submit' } },
    }),
    [prepared, submitLabel, disabled],
  );
  const translateString = useMemo(() => {
    const texts: Partial<Record<TranslatableString, string>> = {
      [TranslatableString.ArrayItemTitle]: t('eventForm.item'),
      [TranslatableString.EmptyArray]: t('eventForm.emptyArray'),
      [TranslatableString.YesLabel]: t('app.yes'),
      [TranslatableString.NoLabel]: t('app.no'),
      [TranslatableString.CloseLabel]: t('app.close'),
      [TranslatableString.ErrorsLabel]: t('eventForm.errors'),
      [TranslatableString.AddButton]: t('eventForm.add'),
      [TranslatableString.AddItemButton]: t('eventForm.add'),
      [TranslatableString.CopyButton]: t('eventForm.copy'),
      [TranslatableString.MoveDownButton]: t('eventForm.moveDown'),
      [TranslatableString.MoveUpButton]: t('eventForm.moveUp'),
      [TranslatableString.RemoveButton]: t('eventForm.remove', { n: '%1' }),
      [TranslatableString.ClearButton]: t('eventForm.clear'),
      [TranslatableString.ClearLabel]: t('eventForm.clear'),
    };
    return (key: TranslatableString, params?: string[]) => {
      const text = texts[key];
      return text ? replaceStringParameters(text, params) : englishStringTranslator(key, params);
    };
  }, [t]);
  const transformErrors = useMemo(
    () => (errors: RJSFValidationError[]) =>
      errors.map((error) => {
        const message = errorText(t, error, prepared.schema);
        const label = error.property ? labelAt(prepared.schema, error.property) : '';
        return { ...error, message, stack: label ? `${label}: ${message}` : message };
      }),
    [t, prepared],
  );
  const templates = useMemo(
    () => ({
      ErrorListTemplate: ErrorList,
      ArrayFieldItemButtonsTemplate,
      FieldTemplate,
      TitleFieldTemplate,
      ButtonTemplates: {
        AddButton: (props: IconButtonProps) => (
          <TextButton
            id={props.id}
            className={props.className}
            onClick={props.onClick}
            disabled={props.disabled}
            label={
              typeof props.uiSchema?.['ui:addLabel'] === 'string'
                ? props.uiSchema['ui:addLabel']
                : props.registry.translateString(TranslatableString.AddItemButton)
            }
          />
        ),
        CopyButton: buttonTemplate(TranslatableString.CopyButton),
        MoveDownButton: buttonTemplate(TranslatableString.MoveDownButton),
        MoveUpButton: buttonTemplate(TranslatableString.MoveUpButton),
        RemoveButton: buttonTemplate(TranslatableString.RemoveButton, true),
        ClearButton: buttonTemplate(TranslatableString.ClearButton),
      },
    }),
    [],
  );
  const required = Array.isArray(schema.required) && schema.required.length > 0;
  return (
    <div className="event-form">
      {required && <p className="event-form__note">{t('eventForm.requiredNote')}</p>}
      <Form
        schema={prepared.schema as RJSFSchema}
        uiSchema={uiSchema}
        validator={validator}
        idPrefix={idPrefix}
        templates={templates}
        translateString={translateString}
        transformErrors={transformErrors}
        extraErrors={serverErrors(serverError)}
        noHtml5Validate
        showErrorList="top"
        focusOnFirstError
        disabled={disabled}
        onSubmit={({ formData }) => onSubmit((formData ?? {}) as Record<string, unknown>)}
      />
    </div>
  );
}
