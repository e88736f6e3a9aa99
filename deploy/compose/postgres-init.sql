-- One database per service, as on Kubernetes; one role for all of them, as in local runs.
CREATE ROLE parley LOGIN PASSWORD 'parley';
CREATE DATABASE parley_bot OWNER parley;
CREATE DATABASE parley_conversation OWNER parley;
CREATE DATABASE parley_routing OWNER parley;
CREATE DATABASE parley_llm OWNER parley;
