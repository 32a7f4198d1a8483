"""The file names of the JSON Schemas, apart from the models they are made from, so that
what only needs a name (keeping the user's copy current) loads no pydantic."""

SCHEMA_FILE_NAME = "session.schema.json"
PROGRAM_SCHEMA_FILE_NAME = "program.schema.json"
