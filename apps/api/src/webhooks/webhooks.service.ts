import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '@frist/codec';
import {
  isWebhookHostAllowed,
  resolveWebhookReceiver,
  systemLookup,
  WebhookReceiverRefused,
  type AppConfig,
} from '@frist/config';
import { WebhookDeliveryEntity, WebhookSubscriptionEntity } from '@frist/persistence';
import type { AuthUser } from '../auth/auth-user';
import { TeamScope } from '../auth/team-scope';
import { DomainError, ErrorCode } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import type { CreateWebhookDto, WebhookQueryDto } from './dtos/webhook.dto';

export interface WebhookView {
  id: string;
  team: string;
  url: string;
  description: string | null;
  createdBy: string;
  createdAt: string;
}

/** A subscription request waits at most this long for DNS; the delivery checks again anyway. */
const RESOLVE_TIMEOUT_MS = 3_000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('DNS lookup timed out')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const view = (s: WebhookSubscriptionEntity): WebhookView => ({
  id: s.id,
  team: s.team,
  url: s.url,
  description: s.description,
  createdBy: s.createdBy,
  createdAt: s.createdAt.toISOString(),
});

/** A team's outgoing webhooks; the worker's dispatcher delivers to them. Managers of the team manage them. */
@Injectable()
export class WebhooksService {
  private readonly secrets: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.secrets = SecretBox.create(config.temporal.encryption);
  }

  async create(user: AuthUser, dto: CreateWebhookDto): Promise<WebhookView & { secret: string }> {
    TeamScope.teamsFor(user, dto.team);
    // A subscription nobody would ever serve: no worker may run the dispatcher where webhooks are off.
    if (!this.config.webhooks.enabled)
      throw new DomainError(ErrorCode.WebhooksDisabled, 'this installation sends no webhooks (WEBHOOKS_ENABLED=false)');
    const url = new URL(dto.url);
    if (url.protocol !== 'https:' && !this.config.webhooks.allowHttp)
      throw new DomainError(ErrorCode.WebhookUrlNotHttps, 'webhook URLs must use https', [
        { field: 'url', message: 'must be https' },
      ]);
    if (url.username || url.password)
      throw new DomainError(
        ErrorCode.WebhookUrlCredentials,
        'put no credentials in the URL; the signature authenticates',
        [{ field: 'url', message: 'must not contain credentials' }],
      );
    if (!isWebhookHostAllowed(url, this.config.webhooks.allowedHosts))
      throw new DomainError(ErrorCode.WebhookHostNotAllowed, 'this receiver host is not on the allow-list', [
        { field: 'url', message: `host must match one of: ${this.config.webhooks.allowedHosts?.join(', ')}` },
      ]);
    await this.assertPublicReceiver(url);
    const secret = dto.secret ?? randomBytes(32).toString('base64url');
    const saved = await this.dataSource.getRepository(WebhookSubscriptionEntity).save({
      team: dto.team,
      url: url.toString(),
      // Sealed at rest with the payload keys; only the worker opens it, to sign.
      secret: this.secrets.seal(secret),
      description: dto.description ?? null,
      createdBy: user.sub,
    });
    // The secret is shown once, at creation; lists never show it.
    return { ...view(saved), secret };
  }

  async list(user: AuthUser, q: WebhookQueryDto): Promise<{ items: WebhookView[] }> {
    const teams = TeamScope.teamsFor(user, q.team);
    if (teams.length === 0) return { items: [] };
    const rows = await this.dataSource
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('w')
      .where('w.team IN (:...teams)', { teams })
      .orderBy('w.created_at', 'ASC')
      .addOrderBy('w.id', 'ASC')
      .getMany();
    return { items: rows.map(view) };
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const sub = await this.findInScope(user, id);
    await this.dataSource.getRepository(WebhookSubscriptionEntity).delete({ id: sub.id });
  }

  /** The newest delivery attempts of a subscription (the log is append-only: one row per attempt). */
  async deliveries(user: AuthUser, id: string, limit: number) {
    await this.findInScope(user, id);
    const rows = await this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .find({ where: { subscriptionId: id }, order: { id: 'DESC' }, take: limit });
    return {
      items: rows.map((d) => ({
        changeId: d.changeId,
        attempt: d.attempt,
        outcome: d.outcome,
        httpStatus: d.httpStatus,
        error: d.error,
        durationMs: d.durationMs,
        at: d.at.toISOString(),
      })),
    };
  }

  /**
   * Never the machine itself, the metadata service or the internal network, unless WEBHOOK_ALLOWED_NETWORKS names
   * it. A name that does not resolve now is accepted: the worker resolves and checks it again at every delivery.
   */
  private async assertPublicReceiver(url: URL): Promise<void> {
    try {
      await resolveWebhookReceiver(url, this.config.webhooks.allowedNetworks, (host) =>
        withTimeout(systemLookup(host), RESOLVE_TIMEOUT_MS),
      );
    } catch (err) {
      if (err instanceof WebhookReceiverRefused)
        throw new DomainError(ErrorCode.WebhookUrlInternal, err.message, [
          { field: 'url', message: 'must not point to a loopback, link-local or private address' },
        ]);
    }
  }

  private async findInScope(user: AuthUser, id: string): Promise<WebhookSubscriptionEntity> {
    const sub = await this.dataSource.getRepository(WebhookSubscriptionEntity).findOneBy({ id });
    if (!sub || !TeamScope.has(user, sub.team)) throw new DomainError(ErrorCode.WebhookNotFound, `no webhook ${id}`);
    return sub;
  }
}
