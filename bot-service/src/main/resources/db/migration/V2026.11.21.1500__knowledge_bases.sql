-- Knowledge bases, their documents and embedded chunks, and training jobs. Embeddings are float32 vectors stored as
-- bytes and scored in the service (no pgvector on these machines); a knowledge base is small enough for that.

create table knowledge_base (
    id          text primary key,
    tenant_id   text        not null,
    name        text        not null,
    description text,
    created_at  timestamptz not null,
    updated_at  timestamptz not null
);
create index knowledge_base_tenant_idx on knowledge_base (tenant_id, created_at desc, id);

create table kb_document (
    id                text primary key,
    tenant_id         text        not null,
    knowledge_base_id text        not null references knowledge_base (id) on delete cascade,
    title             text        not null,
    content_type      text        not null,
    content           text        not null,
    content_hash      text        not null,
    -- the content hash the stored chunks were embedded from; differs from content_hash when re-training is due
    indexed_hash      text,
    indexed_at        timestamptz,
    created_at        timestamptz not null,
    updated_at        timestamptz not null
);
create index kb_document_kb_idx on kb_document (knowledge_base_id, created_at, id);

create table kb_chunk (
    id                text primary key,
    knowledge_base_id text    not null references knowledge_base (id) on delete cascade,
    document_id       text    not null references kb_document (id) on delete cascade,
    position          integer not null,
    text              text    not null,
    embedding         bytea   not null
);
create index kb_chunk_kb_idx on kb_chunk (knowledge_base_id);
create index kb_chunk_document_idx on kb_chunk (document_id);

create table training_job (
    id                   text primary key,
    tenant_id            text        not null,
    bot_id               text        not null references bot (id) on delete cascade,
    knowledge_base_id    text        not null,
    status               text        not null,
    full_retrain         boolean     not null,
    bot_status_before    text        not null,
    documents_to_process integer     not null,
    documents_embedded   integer     not null,
    chunks               integer     not null,
    error                text,
    started_at           timestamptz not null,
    finished_at          timestamptz
);
create index training_job_bot_idx on training_job (bot_id, started_at desc);
