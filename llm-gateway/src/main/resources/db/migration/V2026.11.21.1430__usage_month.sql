-- Tokens per tenant and calendar month (UTC), kept beside the call rows so that a budget check reads one row.
create table usage_month (
    tenant_id  text   not null,
    month      date   not null,
    tokens     bigint not null,
    primary key (tenant_id, month)
);
insert into usage_month (tenant_id, month, tokens)
select tenant_id, date_trunc('month', created_at at time zone 'UTC')::date, sum(total_tokens)
  from llm_usage group by 1, 2;
