-- Who created the bot (Tiledesk's createdBy): the Keycloak subject or the API key's creator. Unknown for older bots.
alter table bot add column created_by text;
