"""initial schema

Column types are spelled as plain SQL types (not local_db.types) so this file never changes
when the Python-side types do: money is integer fen, datetimes ISO text, JSON text.

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ts', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    sa.UniqueConstraint('hash', name=op.f('uq_audit_event_hash'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_event_action'), ['action'], unique=False)

    op.create_table('customer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('id_type', sa.String(length=32), nullable=False),
    sa.Column('id_number', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('gender', sa.String(length=8), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer'))
    )
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_id_number'), ['id_number'], unique=False)

    op.create_table('outlet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outlet')),
    sa.UniqueConstraint('code', name=op.f('uq_outlet_code'))
    )
    op.create_table('rate_table',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('installed_at', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rate_table')),
    sa.UniqueConstraint('version', name=op.f('uq_rate_table_version'))
    )
    op.create_table('device',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=False),
    sa.Column('device_number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('hq_device_id', sa.String(length=64), nullable=True),
    sa.Column('provisioned_at', sa.Text(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_device_outlet_id_outlet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device')),
    sa.UniqueConstraint('outlet_id', 'device_number', name=op.f('uq_device_outlet_id'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outlet_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.Text(), nullable=True),
    sa.Column('last_login_at', sa.Text(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['outlet_id'], ['outlet.id'], name=op.f('fk_user_outlet_id_outlet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('username', name=op.f('uq_user_username'))
    )
    op.create_table('vehicle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vin', sa.String(length=17), nullable=False),
    sa.Column('plate', sa.String(length=16), nullable=True),
    sa.Column('engine_number', sa.String(length=32), nullable=True),
    sa.Column('brand_model', sa.String(length=200), nullable=True),
    sa.Column('vehicle_type', sa.String(length=64), nullable=True),
    sa.Column('vehicle_class', sa.String(length=64), nullable=True),
    sa.Column('usage_code', sa.String(length=2), nullable=True),
    sa.Column('seats', sa.Integer(), nullable=True),
    sa.Column('first_registration', sa.Date(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['customer.id'], name=op.f('fk_vehicle_owner_id_customer')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vehicle'))
    )
    with op.batch_alter_table('vehicle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vehicle_plate'), ['plate'], unique=False)
        batch_op.create_index(batch_op.f('ix_vehicle_vin'), ['vin'], unique=False)

    op.create_table('draft',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=32), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user.id'], name=op.f('fk_draft_created_by_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft'))
    )
    op.create_table('policy',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('policy_number', sa.String(length=40), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('draft_id', sa.String(length=36), nullable=True),
    sa.Column('policyholder_id', sa.Integer(), nullable=True),
    sa.Column('insured_id', sa.Integer(), nullable=True),
    sa.Column('vehicle_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('rate_table_version', sa.Integer(), nullable=True),
    sa.Column('premium_ctpl', sa.Integer(), nullable=True),
    sa.Column('premium_commercial', sa.Integer(), nullable=True),
    sa.Column('vehicle_tax', sa.Integer(), nullable=True),
    sa.Column('premium_total', sa.Integer(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('flags', sa.Text(), nullable=True),
    sa.Column('schedule_hash', sa.String(length=64), nullable=True),
    sa.Column('signed_at', sa.Text(), nullable=True),
    sa.Column('bound_at', sa.Text(), nullable=True),
    sa.Column('confirmed_at', sa.Text(), nullable=True),
    sa.Column('confirmation_code', sa.String(length=64), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['user.id'], name=op.f('fk_policy_created_by_user')),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_policy_draft_id_draft')),
    sa.ForeignKeyConstraint(['insured_id'], ['customer.id'], name=op.f('fk_policy_insured_id_customer')),
    sa.ForeignKeyConstraint(['policyholder_id'], ['customer.id'], name=op.f('fk_policy_policyholder_id_customer')),
    sa.ForeignKeyConstraint(['vehicle_id'], ['vehicle.id'], name=op.f('fk_policy_vehicle_id_vehicle')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy')),
    sa.UniqueConstraint('policy_number', name=op.f('uq_policy_policy_number'))
    )
    with op.batch_alter_table('policy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_state'), ['state'], unique=False)

    op.create_table('coverage_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('sum_insured', sa.Integer(), nullable=True),
    sa.Column('limit', sa.Integer(), nullable=True),
    sa.Column('deductible', sa.String(length=40), nullable=True),
    sa.Column('premium', sa.Integer(), nullable=False),
    sa.Column('details', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['policy_id'], ['policy.id'], name=op.f('fk_coverage_line_policy_id_policy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coverage_line'))
    )
    with op.batch_alter_table('coverage_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coverage_line_policy_id'), ['policy_id'], unique=False)

    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('draft_id', sa.String(length=36), nullable=True),
    sa.Column('policy_id', sa.String(length=36), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=260), nullable=True),
    sa.Column('mime_type', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('extracted', sa.Text(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], name=op.f('fk_document_customer_id_customer')),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_document_draft_id_draft')),
    sa.ForeignKeyConstraint(['policy_id'], ['policy.id'], name=op.f('fk_document_policy_id_policy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document'))
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_policy_id'), ['policy_id'], unique=False)

    op.create_table('exception_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('policy_id', sa.String(length=36), nullable=True),
    sa.Column('draft_id', sa.String(length=36), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('assigned_to', sa.Integer(), nullable=True),
    sa.Column('history', sa.Text(), nullable=False),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['assigned_to'], ['user.id'], name=op.f('fk_exception_item_assigned_to_user')),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_exception_item_draft_id_draft')),
    sa.ForeignKeyConstraint(['policy_id'], ['policy.id'], name=op.f('fk_exception_item_policy_id_policy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exception_item'))
    )
    with op.batch_alter_table('exception_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exception_item_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_exception_item_policy_id'), ['policy_id'], unique=False)

    op.create_table('outbox_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('policy_id', sa.String(length=36), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.Text(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.Column('acked_at', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['policy_id'], ['policy.id'], name=op.f('fk_outbox_item_policy_id_policy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_item')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_outbox_item_idempotency_key'))
    )
    with op.batch_alter_table('outbox_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_item_policy_id'), ['policy_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_item_status'), ['status'], unique=False)

    op.create_table('payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('policy_id', sa.String(length=36), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=True),
    sa.Column('payer_name', sa.String(length=200), nullable=True),
    sa.Column('failure_reason', sa.Text(), nullable=True),
    sa.Column('extra', sa.Text(), nullable=True),
    sa.Column('created_at', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['policy_id'], ['policy.id'], name=op.f('fk_payment_policy_id_policy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_payment_policy_id'), ['policy_id'], unique=False)


    # The audit log is append-only: the database itself refuses edits and deletions.
    op.execute(
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
        "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_payment_policy_id'))

    op.drop_table('payment')
    with op.batch_alter_table('outbox_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_item_status'))
        batch_op.drop_index(batch_op.f('ix_outbox_item_policy_id'))

    op.drop_table('outbox_item')
    with op.batch_alter_table('exception_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exception_item_policy_id'))
        batch_op.drop_index(batch_op.f('ix_exception_item_draft_id'))

    op.drop_table('exception_item')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_policy_id'))
        batch_op.drop_index(batch_op.f('ix_document_draft_id'))

    op.drop_table('document')
    with op.batch_alter_table('coverage_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coverage_line_policy_id'))

    op.drop_table('coverage_line')
    with op.batch_alter_table('policy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_state'))

    op.drop_table('policy')
    op.drop_table('draft')
    with op.batch_alter_table('vehicle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vehicle_vin'))
        batch_op.drop_index(batch_op.f('ix_vehicle_plate'))

    op.drop_table('vehicle')
    op.drop_table('user')
    op.drop_table('device')
    op.drop_table('rate_table')
    op.drop_table('outlet')
    with op.batch_alter_table('customer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_id_number'))

    op.drop_table('customer')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_action'))

    op.drop_table('audit_event')
