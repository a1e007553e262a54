package dev.revenant.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.revenant.core.config.ConfigModule;

/** The one JSON mapper of the HTTP layer; durations and sizes are written as operators write them. */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder().addModule(new ConfigModule()).build();

    private Json() {}
}
