-- Consecutive failed calls through an integration, reset by the next success; integration.failed is emitted
-- when the count reaches parley.chat.failures-before-alert.
alter table integration add column consecutive_failures integer not null default 0;
alter table integration add column last_error text;
alter table integration add column last_failure_at timestamptz;
