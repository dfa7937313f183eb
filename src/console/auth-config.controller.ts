import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsIn, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Public } from '../common/auth/auth.decorators';
import { TokenService } from '../common/auth/token.service';
import { NotFoundError } from '../common/errors';
import { ApiErrors } from '../common/openapi';
import { Optional, Text } from '../common/validation';
import { Environment } from '../config/environment';
import { CONSOLE_SCHEMAS as S } from './console.schemas';
import { devPersonas } from './dev-personas';

/** How long a development token lives: a working day. */
const DEV_TOKEN_HOURS = 12;

export class DevTokenDto {
  @ApiProperty({ enum: ['officer', 'supplier', 'manager', 'admin'] })
  @IsIn(['officer', 'supplier', 'manager', 'admin'])
  role!: 'officer' | 'supplier' | 'manager' | 'admin';

  @ApiProperty({ example: 'Aino Virtanen' })
  @Text(200)
  name!: string;

  @ApiPropertyOptional({
    description: "The token's subject; derived from role, organisation or business id and name when left out.",
    example: 'officer-city-of-espoo-1',
  })
  @Optional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:@-]{1,200}$/, { message: '$property may hold letters, digits and . _ : @ - only' })
  id?: string;

  @ApiPropertyOptional({ description: 'Officers and managers: their organisation.', example: 'city-of-espoo' })
  @ValidateIf((o: DevTokenDto) => o.role === 'officer' || o.role === 'manager' || o.org !== undefined)
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, { message: '$property must be an organisation id such as city-of-espoo' })
  org?: string;

  @ApiPropertyOptional({ description: 'Suppliers: their business id.', example: '2345678-0' })
  @ValidateIf((o: DevTokenDto) => o.role === 'supplier' || o.businessId !== undefined)
  @Text(200)
  businessId?: string;

  @ApiPropertyOptional({ description: "The token's email claim: where the person's notifications go.", example: 'aino.virtanen@city-of-espoo.example.fi' })
  @Optional()
  @IsEmail()
  @MaxLength(320)
  email?: string;
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
    .slice(0, 60) || 'person';

/**
 * What the console needs before anyone signs in, and the development sign-in itself. Development
 * tokens are issued only when no identity provider is configured (no OIDC_ISSUER, no
 * AUTH_JWKS_URL) and NODE_ENV is not production; otherwise the route does not exist (404).
 */
@ApiTags('console')
@Controller('auth')
@Public()
export class AuthConfigController {
  constructor(
    @Inject(Environment) private readonly env: Environment,
    private readonly tokens: TokenService,
  ) {}

  /** A method, not a getter: tools that list a controller's routes read every property of its prototype. */
  private devSignIn(): boolean {
    return !this.env.OIDC_ISSUER && !this.env.AUTH_JWKS_URL && this.env.NODE_ENV !== 'production';
  }

  @Get('config')
  @ApiOperation({ summary: 'How people sign in to the console: development personas, or the OpenID Connect provider.' })
  @ApiOkResponse({ schema: S.AuthConfig })
  config() {
    const env = this.env;
    if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID) {
      const resource = env.OIDC_RESOURCE ?? env.AUTH_AUDIENCE;
      return { mode: 'oidc', issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, scope: env.OIDC_SCOPE, ...(resource ? { resource } : {}) };
    }
    if (this.devSignIn()) return { mode: 'development', personas: devPersonas() };
    return { mode: 'external' };
  }

  @Post('dev-token')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Development only: a token for the person named (a persona of GET /auth/config or anyone else). 404 once an identity provider is configured or NODE_ENV=production.',
  })
  @ApiOkResponse({ schema: S.DevToken })
  @ApiErrors(404)
  async devToken(@Body() body: DevTokenDto) {
    // The same answer as any route that does not exist (its message names the method and path).
    if (!this.devSignIn()) throw new NotFoundError('route.notFound', { method: 'POST', path: '/auth/dev-token' });
    const holder = body.role === 'supplier' ? body.businessId : body.role === 'admin' ? 'admin' : body.org;
    const id = body.id ?? `${body.role}-${holder}-${slug(body.name)}`;
    const token = await this.tokens.issue(
      {
        sub: id,
        name: body.name,
        role: body.role,
        ...(body.role === 'officer' || body.role === 'manager' ? { org: body.org } : {}),
        ...(body.role === 'supplier' ? { businessId: body.businessId } : {}),
        ...(body.email ? { email: body.email } : {}),
      },
      `${DEV_TOKEN_HOURS}h`,
    );
    return { token, expiresAt: new Date(Date.now() + DEV_TOKEN_HOURS * 3_600_000).toISOString() };
  }
}
