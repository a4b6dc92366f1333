import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A role: the built-in ones (permissions fixed by the contracts) and the custom ones admins make. */
@Entity({ name: 'roles' })
export class RbacRole {
  @PrimaryGeneratedColumn('uuid') id: string;

  @Index('roles_name_key', { unique: true })
  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' }) description: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" }) permissions: string[];

  @Column({ name: 'built_in', type: 'boolean', default: false }) builtIn: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}

/**
 * A role held by a user. For a custom role this row is the assignment; for a built-in one auth's
 * roles are, and the row keeps who assigned it and until when.
 */
@Entity({ name: 'role_assignments' })
export class RoleAssignment {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;

  @PrimaryColumn('uuid', { name: 'role_id' }) roleId: string;

  @ManyToOne(() => RbacRole, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'role_id' })
  role?: RbacRole;

  @Column({ name: 'assigned_by', type: 'uuid', nullable: true }) assignedBy: string | null;

  @Index('role_assignments_expires_at_idx')
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ name: 'assigned_at', type: 'timestamptz' }) assignedAt: Date;
}

/** One permission allowed or denied for one user whatever their roles say. */
@Entity({ name: 'permission_overrides' })
export class PermissionOverride {
  @PrimaryColumn('uuid', { name: 'user_id' }) userId: string;

  @PrimaryColumn({ type: 'varchar', length: 50 }) permission: string;

  /** `allow` or `deny`. */
  @Column({ type: 'varchar', length: 10 }) effect: 'allow' | 'deny';

  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
