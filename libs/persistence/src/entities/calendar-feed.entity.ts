import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A caseworker's calendar subscription. Calendar clients cannot send a bearer token, so the feed URL carries a
 * random token; only its SHA-256 is stored, and revoking sets revoked_at.
 */
@Entity({ name: 'calendar_feeds' })
@Index('ix_calendar_feeds_owner', ['owner'])
export class CalendarFeedEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The user's `sub`. */
  @Column({ type: 'text' })
  owner!: string;

  @Column({ name: 'token_sha256', type: 'text', unique: true })
  tokenSha256!: string;

  /** 'mine': open tasks assigned to the owner; 'team': every open task of `team`. */
  @Column({ type: 'text' })
  kind!: 'mine' | 'team';

  @Column({ type: 'text', nullable: true })
  team!: string | null;

  /** The owner's teams when the feed was made: the feed never shows more than the owner could see then. */
  @Column({ type: 'text', array: true })
  teams!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
