import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, Roles } from '../common/auth/auth.decorators';
import type { Caller } from '../common/auth/caller';
import { etag, parseIfMatch } from '../common/if-match';
import { ApiErrors, arrayOf } from '../common/openapi';
import { OrganisationIdPipe } from '../common/organisation-id.pipe';
import { PageQuery } from '../common/pagination';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto';
import { WEBHOOK_DELIVERY_PAGE, WEBHOOK_SCHEMAS as S } from './webhooks.schemas';
import { WebhooksService } from './webhooks.service';

const IF_MATCH = { name: 'If-Match', required: false, description: 'The webhook version from ETag; a stale one gets 412.' };

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('organisations/:org/webhooks')
@Roles('manager', 'admin')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to event types; the answer carries the signing secret, shown this once' })
  @ApiCreatedResponse({ description: 'The webhook with its secret, with `Location` and `ETag`.', schema: S.WebhookWithSecret })
  @ApiErrors(403, 404, 413, 422)
  async create(
    @Param('org', OrganisationIdPipe) org: string,
    @Body() dto: CreateWebhookDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const webhook = await this.webhooks.create(org, dto, caller);
    void reply.header('Location', `/organisations/${org}/webhooks/${webhook.id}`).header('ETag', etag(webhook.version));
    return webhook;
  }

  @Get()
  @ApiOperation({ summary: "The organisation's webhooks (without their secrets)" })
  @ApiOkResponse({ schema: arrayOf(S.Webhook) })
  @ApiErrors(403, 404)
  list(@Param('org', OrganisationIdPipe) org: string, @CurrentCaller() caller: Caller) {
    return this.webhooks.list(org, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A webhook, enabled or disabled with the reason' })
  @ApiOkResponse({ description: 'The webhook, with `ETag`.', schema: S.Webhook })
  @ApiErrors(403, 404)
  async get(
    @Param('org', OrganisationIdPipe) org: string,
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const webhook = await this.webhooks.get(org, id.toLowerCase(), caller);
    void reply.header('ETag', etag(webhook.version));
    return webhook;
  }

  @Patch(':id')
  @ApiHeader(IF_MATCH)
  @ApiOperation({ summary: 'Change the URL, event types or description; enable a disabled webhook again, or disable it' })
  @ApiOkResponse({ description: 'The webhook, with `ETag`.', schema: S.Webhook })
  @ApiErrors(403, 404, 412, 413)
  async update(
    @Param('org', OrganisationIdPipe) org: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateWebhookDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const webhook = await this.webhooks.update(org, id.toLowerCase(), dto, caller, parseIfMatch(ifMatch));
    void reply.header('ETag', etag(webhook.version));
    return webhook;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a webhook with its delivery log; nothing more is sent to it' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrors(403, 404)
  async remove(@Param('org', OrganisationIdPipe) org: string, @Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller) {
    await this.webhooks.remove(org, id.toLowerCase(), caller);
  }

  @Post(':id/secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the signing secret; the new one is shown in this answer only and signs every delivery from now on' })
  @ApiOkResponse({ description: 'The webhook with its new secret, with `ETag`.', schema: S.WebhookWithSecret })
  @ApiErrors(403, 404)
  async rotateSecret(
    @Param('org', OrganisationIdPipe) org: string,
    @Param('id', ParseUUIDPipe) id: string,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const webhook = await this.webhooks.rotateSecret(org, id.toLowerCase(), caller);
    void reply.header('ETag', etag(webhook.version));
    return webhook;
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'The delivery log, newest first, each delivery with every attempt (time, HTTP status, error, duration)' })
  @ApiOkResponse({ schema: WEBHOOK_DELIVERY_PAGE })
  @ApiErrors(403, 404)
  deliveries(
    @Param('org', OrganisationIdPipe) org: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: PageQuery,
    @CurrentCaller() caller: Caller,
  ) {
    return this.webhooks.deliveries(org, id.toLowerCase(), query, caller);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again now, with the same webhook-id and a fresh retry schedule' })
  @ApiAcceptedResponse({ description: 'The delivery, pending again.', schema: S.WebhookDelivery })
  @ApiErrors(403, 404, 409)
  redeliver(
    @Param('org', OrganisationIdPipe) org: string,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('deliveryId') deliveryId: string,
    @CurrentCaller() caller: Caller,
  ) {
    return this.webhooks.redeliver(org, id.toLowerCase(), deliveryId, caller);
  }
}
