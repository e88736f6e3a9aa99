-- The embedding model a document's chunks were embedded with: a query is embedded with the same model, and training
-- re-embeds a document whose model is not the one bot-service embeds with now (parley.knowledge.embedding-model).
-- Every document indexed so far was embedded with llm-gateway's only in-process model until then, all-MiniLM-L6-v2
-- in float32.
alter table kb_document add column embedding_model text;
update kb_document set embedding_model = 'all-minilm-l6-v2' where indexed_hash is not null;
