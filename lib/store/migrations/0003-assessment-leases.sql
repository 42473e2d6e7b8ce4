-- A tick leases the due assessments it scores, so a concurrent or redelivered tick does not score them twice,
-- and a tick that died gives them back when the lease ends.
ALTER TABLE assessments ADD COLUMN lease_until timestamptz;
-- The target's readiness when the action was decided: assess compares it with the readiness after.
ALTER TABLE actions ADD COLUMN pre_health jsonb;
