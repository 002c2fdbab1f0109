import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The registry of teams: the only teams a case can be moved to, and what the web UI offers. The id is the slug
 * tokens carry in their `teams` claim; the name is the Danish display name.
 */
@Entity({ name: 'teams' })
export class TeamEntity {
  @PrimaryColumn({ type: 'varchar', length: 63 })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
